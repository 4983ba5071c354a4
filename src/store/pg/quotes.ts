// QuoteStore on PostgreSQL: the same filters and page as SQLite's, and the same speaker index in
// memory for autocomplete, rebuilt when the articles' count or newest id changed, which now also
// notices articles other processes added.
import { type Scope, scopeKey, SHARED } from '../../domain/scope.ts';
import type { AsyncQuoteStore } from '../engine.ts';
import type { FoundQuote, QuoteFilter, SpeakerEntry } from '../quotes.ts';
import type { Queryable } from './db.ts';
import { tsQuery } from './search.ts';
import { visibleTo } from './sql.ts';
import { aliasesOf, HONORIFICS, type QuoteRow } from '../quotes.ts';

const DATE = 'coalesce(a.published, a.added_at)';

export class PgQuoteStore implements AsyncQuoteStore {
  private speakers: SpeakerEntry[] = [];
  private indexedVersion = '';

  constructor(private readonly db: Queryable) {}

  private async speakerIndex(): Promise<SpeakerEntry[]> {
    const { rows: [version] } = await this.db.query<{ n: number; m: number }>('SELECT count(*) AS n, coalesce(max(id), 0) AS m FROM articles');
    const key = `${version!.n}:${version!.m}`;
    if (key === this.indexedVersion) return this.speakers;
    const [formRows, speakerRows] = await Promise.all([
      this.db.query<{ speaker: string; forms: string }>(
        `SELECT speaker, string_agg(speaker_forms, ' | ') AS forms FROM quotes WHERE speaker IS NOT NULL AND speaker_forms IS NOT NULL GROUP BY speaker`,
      ),
      this.db.query<{ speaker: string; scope: string; n: number; role: string | null }>(
        `SELECT q.speaker AS speaker, a.scope AS scope, count(*) AS n,
           (SELECT q2.role FROM quotes q2 WHERE q2.speaker = q.speaker AND q2.role IS NOT NULL LIMIT 1) AS role
         FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker IS NOT NULL GROUP BY q.speaker, a.scope`,
      ),
    ]);
    const forms = new Map(formRows.rows.map((r) => [r.speaker, r.forms]));
    const byName = new Map<string, SpeakerEntry>();
    for (const row of speakerRows.rows) {
      let entry = byName.get(row.speaker);
      if (!entry) byName.set(row.speaker, (entry = { name: row.speaker, role: row.role, quotes: new Map(), aliases: aliasesOf(row.speaker, row.role, forms.get(row.speaker) ?? null) }));
      entry.quotes.set(row.scope, row.n);
    }
    this.speakers = [...byName.values()];
    this.indexedVersion = key;
    return this.speakers;
  }

  /** As QuoteStore.matchSpeakers. */
  async matchSpeakers(scope: Scope, typed: string, limit: number): Promise<{ name: string; role: string | null; quotes: number }[]> {
    const key = scopeKey(scope);
    const text = typed.trim().toLowerCase();
    const words = text.split(/[\s.,'’-]+/).filter(Boolean);
    const named = words.filter((w) => !HONORIFICS.has(w));
    const out: { name: string; role: string | null; quotes: number }[] = [];
    for (const entry of await this.speakerIndex()) {
      const quotes = (entry.quotes.get(SHARED) ?? 0) + (key === SHARED ? 0 : (entry.quotes.get(key) ?? 0));
      if (quotes === 0) continue;
      const fits = (w: string): boolean => entry.aliases.some((a) => a.startsWith(w));
      const matches = !text || entry.name.toLowerCase().includes(text) || words.every(fits) || (named.length > 0 && named.every(fits));
      if (matches) out.push({ name: entry.name, role: entry.role, quotes });
    }
    return out.sort((a, b) => b.quotes - a.quotes || a.name.localeCompare(b.name)).slice(0, limit);
  }

  /** One page of the quotes the scope can see that pass the filter, newest article first. */
  async find(scope: Scope, filter: QuoteFilter, page: { limit: number; offset: number }): Promise<{ quotes: FoundQuote[]; total: number }> {
    const values: unknown[] = [scopeKey(scope)];
    const parameter = (value: unknown): number => values.push(value);
    const joins: string[] = [];
    const where = [visibleTo('a.scope', 1)];
    if (filter.speakers) where.push(`q.speaker = ANY($${parameter(filter.speakers)}::text[])`);
    if (filter.topic && 'topicId' in filter.topic) joins.push(`JOIN article_topics t ON t.article_id = a.id AND t.topic_id = $${parameter(filter.topic.topicId)}`);
    if (filter.topic && 'fts' in filter.topic) where.push(`a.search @@ ${tsQuery(parameter(filter.topic.fts))}`);
    if (filter.since) where.push(`${DATE} >= $${parameter(filter.since)}`);
    if (filter.articleId !== undefined) where.push(`a.id = $${parameter(filter.articleId)}`);
    const from = `FROM quotes q JOIN articles a ON a.id = q.article_id ${joins.join(' ')} WHERE ${where.join(' AND ')}`;
    const count = await this.db.query<{ n: number }>(`SELECT count(*) AS n ${from}`, values);
    const limit = parameter(page.limit);
    const offset = parameter(page.offset);
    const { rows } = await this.db.query<QuoteRow>(
      `SELECT q.article_id, q.idx, q.text, q.speaker, q.role, q.cue, q.partial, q.confidence, a.title, a.url, a.outlet, ${DATE} AS date
       ${from} ORDER BY date DESC, a.id DESC, q.idx LIMIT $${limit} OFFSET $${offset}`,
      values,
    );
    return {
      total: count.rows[0]!.n,
      quotes: rows.map((r) => ({
        articleId: r.article_id,
        index: r.idx,
        text: r.text,
        speaker: r.speaker,
        role: r.role,
        cue: r.cue,
        partial: r.partial === 1,
        ...(r.confidence === null ? {} : { confidence: r.confidence }),
        title: r.title,
        url: r.url,
        outlet: r.outlet,
        date: r.date,
      })),
    };
  }
}
