// ArticleStore on PostgreSQL. The same rows as SQLite's (migration 001 here mirrors them), and no
// in-memory catalog: several processes write one database, so a catalog in one process would miss the
// others' articles; title autocomplete is a query instead (an index scan by date, stopped at `limit`).
import type { AnalysedQuote, AnalysedSentence, TopicTag } from '../../domain/analysis.ts';
import { ARTICLE_COLUMNS, articleColumns, type ArticleRow, type ArticleToStore, type CatalogEntry, decodeSentences, HEADLINE_EVIDENCE, quoteColumns, type StoredArticle, type StoredQuoteRow, toAnalysedQuote, toStoredArticle, toTopicTag } from '../articles.ts';
import { type Scope, scopeKey } from '../../domain/scope.ts';
import type { ArrivingArticle, AsyncArticleStore, DuplicateKey } from '../engine.ts';
import type { Queryable } from './db.ts';
import { atomically, visibleTo } from './sql.ts';
import { Suggestions } from './suggestions.ts';
import { articleDateSql } from '../rules.ts';

/**
 * JSON.stringify's output with each lone surrogate (which it escapes as \udXXX, and which PostgreSQL's
 * JSON parser refuses) turned into U+FFFD, as node-postgres' UTF-8 encoding turns one in a text
 * parameter. Paired surrogates come out unescaped, so every \ud800–\udfff escape is a lone one.
 */
function wellFormedJson(value: unknown): string {
  const json = JSON.stringify(value);
  return /\\u[dD][89a-fA-F]/.test(json) ? json.replace(/(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g, '$1\\ufffd') : json;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's own characters taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class PgArticleStore implements AsyncArticleStore {
  /**
   * Inside a transaction, the removals forgotten and not yet sent, by scope and hash: ingest forgets
   * one per stored article, almost always of a row that does not exist, and a round trip each was a
   * sixth of PostgreSQL's ingest. They go in one statement before COMMIT (flushDeferred); until
   * then wasRemoved and remove here take them into account, and no one else can see the transaction.
   */
  private readonly forgotten: Map<string, [scope: string, textHash: string]> | null;

  /** `suggestions` is the engine's: a removal here drops autocomplete's speakers at once. */
  constructor(private readonly db: Queryable, inTransaction = false, private readonly suggestions: Suggestions = new Suggestions()) {
    this.forgotten = inTransaction ? new Map() : null;
  }

  /** Sends what this transaction's store deferred; PgEngine.transaction calls it before COMMIT. */
  async flushDeferred(): Promise<void> {
    if (!this.forgotten?.size) return;
    const pairs = [...this.forgotten.values()];
    this.forgotten.clear();
    await this.db.query(
      `DELETE FROM removed_articles r USING unnest($1::text[], $2::text[]) AS f(scope, text_hash) WHERE r.scope = f.scope AND r.text_hash = f.text_hash`,
      [pairs.map(([scope]) => scope), pairs.map(([, hash]) => hash)],
    );
  }

  /** The hash's match wins, as SQLite's looks it up first: findDuplicates for one key. */
  async findDuplicate(scope: Scope, textHash: string, canonicalUrl: string | null): Promise<{ id: number; title: string } | null> {
    return (await this.findDuplicates(scope, [{ textHash, canonicalUrl }]))[0]!;
  }

  /**
   * Each key's stored duplicate, for a batch in one round trip: per key, laterally, the hash's match,
   * else the canonical URL's. Not a named (prepared) statement: its generic plan, made while the
   * table was small, seq-scanned the articles on every call once the table had grown (a custom plan
   * per call costs far less).
   */
  async findDuplicates(scope: Scope, keys: readonly DuplicateKey[]): Promise<({ id: number; title: string } | null)[]> {
    if (keys.length === 0) return [];
    const { rows } = await this.db.query<{ ord: number; id: number; title: string }>({
      text: `SELECT k.ord::int AS ord, d.id, d.title FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(hash, url, ord)
        CROSS JOIN LATERAL (
          (SELECT id, title, 0 AS by_url FROM articles WHERE text_hash = k.hash AND ${visibleTo('scope', 3)} LIMIT 1)
          UNION ALL (SELECT id, title, 1 FROM articles WHERE k.url IS NOT NULL AND canonical_url = k.url AND ${visibleTo('scope', 3)} LIMIT 1)
          ORDER BY by_url LIMIT 1) d`,
      values: [keys.map((k) => k.textHash), keys.map((k) => k.canonicalUrl), scopeKey(scope)],
    });
    const found: ({ id: number; title: string } | null)[] = keys.map(() => null);
    for (const row of rows) found[row.ord - 1] = { id: row.id, title: row.title };
    return found;
  }

  /**
   * insert for a batch in one statement: the articles, their quotes and their topics from one JSON
   * array (a row per article, its quotes and topics nested), parsed by the server once. Per article
   * that saves a round trip and a statement's parse, bind and executor start on the server, and
   * node-postgres' per-value work on this side (JSON.stringify is native). Ids come back by position.
   */
  insertMany(scope: Scope, items: readonly ArrivingArticle[]): Promise<number[]> {
    if (items.length === 0) return Promise.resolve([]);
    const rows = items.map((item, ord) => ({
      ord,
      ...articleColumns(item, item.addedAt),
      quotes: item.analysis.quotes.map(quoteColumns),
      topics: item.analysis.topics.map((t) => ({ topic_id: t.topicId, score: t.score, evidence: t.evidence ?? HEADLINE_EVIDENCE })),
    }));
    return atomically(this.db, async (db) => {
      const { rows: stored } = await db.query<{ ord: number; id: number }>({
        name: 'articles.insertMany',
        text: `WITH input AS (
             SELECT * FROM json_to_recordset($2::json) AS r(ord int, source_id text, source_name text, title text, title_derived int, dateline text,
               outlet text, url text, canonical_url text, published text, added_at text, body text, paragraph_sections text, sections text, noise text,
               highlights text, format text, text_hash text, sentences text, lead text, quotes json, topics json)),
           a AS (
             INSERT INTO articles (scope, source_id, source_name, title, title_derived, dateline, outlet, url, canonical_url, published, added_at, body,
               paragraph_sections, sections, noise, highlights, format, text_hash, sentences, lead)
             SELECT $1, source_id, source_name, title, title_derived, dateline, outlet, url, canonical_url, published, added_at, body,
               paragraph_sections, sections, noise, highlights, format, text_hash, sentences, lead
             FROM input ORDER BY ord
             RETURNING id, text_hash),
           ids AS (SELECT i.ord, a.id, i.quotes, i.topics FROM input i JOIN a ON a.text_hash = i.text_hash),
           q AS (
             INSERT INTO quotes (article_id, idx, text, speaker, role, cue, partial, start, "end", confidence, speaker_forms)
             SELECT ids.id, q.* FROM ids, json_to_recordset(ids.quotes) AS q(idx int, text text, speaker text, role text, cue text, partial int,
               start int, "end" int, confidence float8, speaker_forms text)),
           t AS (
             INSERT INTO article_topics (article_id, topic_id, score, evidence)
             SELECT ids.id, t.* FROM ids, json_to_recordset(ids.topics) AS t(topic_id text, score float8, evidence int))
           SELECT ord, id FROM ids`,
        // Within a batch each text hash is one article's (the scope's unique key), so it pairs rows with ids.
        values: [scopeKey(scope), wellFormedJson(rows)],
      });
      const ids: number[] = new Array<number>(items.length);
      for (const row of stored) ids[row.ord] = row.id;
      return ids;
    });
  }

  /**
   * Stores one analysed article with its sentences, lead, quotes and topics: insertMany's one
   * statement for a batch of one. The search vector is the server's (a generated column). Atomic by
   * itself; inside StoreEngine.transaction, part of it.
   */
  async insert(scope: Scope, item: ArticleToStore, addedAt: string): Promise<number> {
    return (await this.insertMany(scope, [{ ...item, addedAt }]))[0]!;
  }

  async get(id: number, scope: Scope): Promise<StoredArticle | null> {
    const { rows } = await this.db.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = $1 AND ${visibleTo('scope', 2)}`, [id, scopeKey(scope)]);
    return rows[0] ? toStoredArticle(rows[0]) : null;
  }

  async body(id: number, scope: Scope): Promise<string> {
    const { rows } = await this.db.query<{ body: string }>(`SELECT body FROM articles WHERE id = $1 AND ${visibleTo('scope', 2)}`, [id, scopeKey(scope)]);
    return rows[0]?.body ?? '';
  }

  async list(scope: Scope, page: { limit: number; offset: number }): Promise<StoredArticle[]> {
    const { rows } = await this.db.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS} FROM articles WHERE ${visibleTo('scope', 1)} ORDER BY ${articleDateSql()} DESC, id DESC LIMIT $2 OFFSET $3`,
      [scopeKey(scope), page.limit, page.offset],
    );
    return rows.map(toStoredArticle);
  }

  async count(scope: Scope): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*) AS n FROM articles WHERE ${visibleTo('scope', 1)}`, [scopeKey(scope)]);
    return rows[0]!.n;
  }

  /** As ArticleStore.remove: only the scope's own article, and its text is remembered as removed. */
  async remove(id: number, scope: Scope, removedAt: string): Promise<boolean> {
    const key = scopeKey(scope);
    const removed = await atomically(this.db, async (db) => {
      const { rows } = await db.query<{ hash: string }>('DELETE FROM articles WHERE id = $1 AND scope = $2 RETURNING text_hash AS hash', [id, key]);
      if (!rows[0]) return false;
      // A deferred forget followed by this upsert leaves what the upsert alone leaves.
      this.forgotten?.delete(`${key}\u0000${rows[0].hash}`);
      await db.query(
        `INSERT INTO removed_articles (scope, text_hash, removed_at) VALUES ($1, $2, $3)
         ON CONFLICT (scope, text_hash) DO UPDATE SET removed_at = excluded.removed_at`,
        [key, rows[0].hash, removedAt],
      );
      return true;
    });
    // Its speakers leave autocomplete now; inside a transaction, again when it commits (PgEngine).
    if (removed) this.suggestions.articlesChanged();
    return removed;
  }

  async wasRemoved(scope: Scope, textHash: string): Promise<boolean> {
    if (this.forgotten?.has(`${scopeKey(scope)}\u0000${textHash}`)) return false;
    const { rowCount } = await this.db.query('SELECT 1 FROM removed_articles WHERE scope = $1 AND text_hash = $2', [scopeKey(scope), textHash]);
    return (rowCount ?? 0) > 0;
  }

  async forgetRemoval(scope: Scope, textHash: string): Promise<void> {
    if (this.forgotten) {
      this.forgotten.set(`${scopeKey(scope)}\u0000${textHash}`, [scopeKey(scope), textHash]);
      return;
    }
    await this.db.query('DELETE FROM removed_articles WHERE scope = $1 AND text_hash = $2', [scopeKey(scope), textHash]);
  }

  async sentences(articleId: number, scope: Scope): Promise<AnalysedSentence[]> {
    const { rows } = await this.db.query<{ body: string; sentences: string }>(
      `SELECT body, sentences FROM articles WHERE id = $1 AND ${visibleTo('scope', 2)}`,
      [articleId, scopeKey(scope)],
    );
    return rows[0] ? decodeSentences(rows[0].body, rows[0].sentences) : [];
  }

  async quotes(articleId: number, scope: Scope): Promise<AnalysedQuote[]> {
    const { rows } = await this.db.query<StoredQuoteRow>(
      `SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.article_id = $1 AND ${visibleTo('a.scope', 2)} ORDER BY q.idx`,
      [articleId, scopeKey(scope)],
    );
    return rows.map(toAnalysedQuote);
  }

  async topics(articleId: number, scope: Scope): Promise<TopicTag[]> {
    // topic_id breaks ties so both engines list equal scores alike (SQLite's order there is its index's).
    const { rows } = await this.db.query<{ topic_id: string; score: number; evidence: number | null }>(
      `SELECT t.topic_id, t.score, t.evidence FROM article_topics t JOIN articles a ON a.id = t.article_id
        WHERE t.article_id = $1 AND ${visibleTo('a.scope', 2)} ORDER BY t.score DESC, t.topic_id`,
      [articleId, scopeKey(scope)],
    );
    return rows.map(toTopicTag);
  }

  /** Autocomplete over titles the scope can see: every word of the query inside the title, newest first. */
  async searchTitles(scope: Scope, query: string, limit = 25): Promise<CatalogEntry[]> {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean).map(containing);
    const { rows } = await this.db.query<CatalogEntry>(
      `SELECT id, scope, title, ${articleDateSql()} AS date FROM articles
       WHERE ${visibleTo('scope', 1)} AND lower(title) LIKE ALL ($2::text[])
       ORDER BY ${articleDateSql()} DESC, id DESC LIMIT $3`,
      [scopeKey(scope), terms, limit],
    );
    return rows;
  }
}
