// Full-text search, PostgreSQL's way. The store's callers build FTS5 queries (ftsQuery: every word
// quoted, all required; aliasQuery: quoted phrases joined by OR); websearch_to_tsquery reads exactly
// that syntax (a quoted run is a phrase, OR is OR, anything else is a word), never fails on odd
// input, and stems with the same english configuration the stored vector was built with.
//
// Relevance is ts_rank over the weighted vector: the title (A) counts four times the body (B), as
// SQLite's bm25(articles_fts, 4.0, 1.0) weighs them; normalisation 1 divides by the log of the
// document's length, as bm25 discounts long bodies. The scale differs from bm25's (0–1 against a few
// units), so relevances compare within one engine, never across them.

/** The tsquery for an FTS5 query in parameter $n. */
export function tsQuery(parameter: number): string {
  return `websearch_to_tsquery('english', $${parameter})`;
}

/** Relevance of `vector` (an articles.search column) for the query in parameter $n: larger is better. */
export function rank(vector: string, parameter: number): string {
  return `ts_rank('{0, 0, 0.25, 1.0}', ${vector}, ${tsQuery(parameter)}, 1)`;
}
