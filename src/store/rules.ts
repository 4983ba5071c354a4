// The rules every query shares, each written once in SQL: which rows a scope sees, an article's
// date, and when a quote counts as attributed. Their TypeScript twins sit with the domain types
// (canSee in domain/scope.ts, articleDate in domain/article.ts, isAttributed in domain/analysis.ts).
import { SHARED } from '../domain/scope.ts';

/**
 * SQL that keeps the rows `column` lets the scope parameter (@scope, or PostgreSQL's $n) see: the shared collection and the
 * guild's own. Every store module filters with it, so no query can show one guild another's articles.
 */
export function visibleTo(column: string, scopeParameter = '@scope'): string {
  return `(${column} = '${SHARED}' OR ${column} = ${scopeParameter})`;
}

/** SQL for the article's date, as `articleDate` reads it: when it was published, else when it arrived. */
export function articleDateSql(table: string | null = null): string {
  const prefix = table ? `${table}.` : '';
  return `coalesce(${prefix}published, ${prefix}added_at)`;
}

/** SQL for `isAttributed`: a quotation whose speaker a cue word names. */
export function attributedSql(table: string): string {
  return `${table}.speaker IS NOT NULL AND ${table}.cue IS NOT NULL`;
}
