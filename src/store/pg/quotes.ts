// QuoteStore on PostgreSQL: the same filters and page as SQLite's, and the same speaker index in
// memory, rebuilt when the articles' count or newest id changed, which also notices articles other
// processes added. Autocomplete looks at that version at most every few seconds (suggestions.ts).
import { type Scope, scopeKey } from '../../domain/scope.ts';
import type { AsyncQuoteStore } from '../engine.ts';
import { type FoundQuote, matchSpeakerEntries, type QuoteFilter, type QuoteRow, ROLE_IN_SCOPE, type SpeakerEntry, speakerEntries, type SpeakerRow, toFoundQuote } from '../quotes.ts';
import type { Queryable } from './db.ts';
import { tsQuery } from './search.ts';
import { visibleTo } from './sql.ts';
import { Suggestions } from './suggestions.ts';
import { articleDateSql } from '../rules.ts';

const DATE = articleDateSql('a');

export class PgQuoteStore implements AsyncQuoteStore {
  /** `suggestions` is the engine's: a transaction's families share it. */
  constructor(private readonly db: Queryable, private readonly suggestions: Suggestions = new Suggestions()) {}

  /**
   * The speaker index, rebuilt when the articles' count or newest id changed. The check is a query;
   * with `maxAgeMs` it is skipped while the last one is younger than that.
   */
  private async speakerIndex(maxAgeMs = 0): Promise<SpeakerEntry[]> {
    const cache = this.suggestions;
    if (cache.now() - cache.speakersCheckedAt < maxAgeMs) return cache.speakers;
    const checkedAt = cache.now();
    const changes = cache.articleChanges;
    const { rows: [version] } = await this.db.query<{ n: number; m: number }>('SELECT count(*) AS n, coalesce(max(id), 0) AS m FROM articles');
    const key = `${version!.n}:${version!.m}`;
    if (key !== cache.speakerVersion) {
      // One after the other: inside a transaction this.db is one client, which runs one query at a time.
      const speakerRows = await this.db.query<SpeakerRow>(
        `SELECT q.speaker AS speaker, a.scope AS scope, count(*) AS n, ${ROLE_IN_SCOPE} AS role
         FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker IS NOT NULL GROUP BY q.speaker, a.scope`,
      );
      const formRows = await this.db.query<{ speaker: string; scope: string; forms: string }>(
        `SELECT q.speaker AS speaker, a.scope AS scope, string_agg(q.speaker_forms, ' | ') AS forms
         FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE q.speaker IS NOT NULL AND q.speaker_forms IS NOT NULL GROUP BY q.speaker, a.scope`,
      );
      cache.speakers = speakerEntries(speakerRows.rows, formRows.rows);
      cache.speakerVersion = key;
    }
    // This process's own change during the check may be missing from it: the next keystroke looks again.
    if (cache.articleChanges === changes) cache.speakersCheckedAt = checkedAt;
    return cache.speakers;
  }

  /** As QuoteStore.matchSpeakers: always as the database stands (/quotes speaker:). */
  async matchSpeakers(scope: Scope, typed: string, limit: number): Promise<{ name: string; role: string | null; quotes: number }[]> {
    return matchSpeakerEntries(await this.speakerIndex(), scope, typed, limit);
  }

  /** matchSpeakers for autocomplete: the index as of at most the suggestions' TTL ago. */
  async speakerSuggestions(scope: Scope, typed: string, limit: number): Promise<{ name: string; role: string | null; quotes: number }[]> {
    return matchSpeakerEntries(await this.speakerIndex(this.suggestions.ttlMs), scope, typed, limit);
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
      quotes: rows.map(toFoundQuote),
    };
  }
}
