// Articles and what analysis stored with them. A guild sees its own articles and the shared ones;
// the console and CLI (no guild) see and manage the shared ones.
import { type Article, articleDate, storyLead } from '../domain/article.ts';
import type { AnalysedQuote, AnalysedSentence, Analysis, TopicTag } from '../domain/analysis.ts';
import type { Db } from './db.ts';
import { canSee, type Scope, scopeKey } from '../domain/scope.ts';
import { articleDateSql, visibleTo } from './rules.ts';

/**
 * article_topics.evidence when the headline alone showed the topic. NULL there means a tag stored
 * before evidence was kept (migration 011), for which no sentence is known.
 */
export const HEADLINE_EVIDENCE = -1;

export interface StoredArticle {
  id: number;
  scope: string;
  sourceId: string | null;
  sourceName: string | null;
  title: string;
  titleDerived: boolean;
  dateline: string | null;
  outlet: string | null;
  url: string | null;
  published: string | null;
  addedAt: string;
  sections: string[];
  noise: string[];
  /** The outlet's highlights (standfirst bullets), [] when it gave none. */
  highlights: string[];
  format: string;
}

export interface ArticleToStore {
  article: Article;
  analysis: Analysis;
  body: string;
  textHash: string;
  canonicalUrl: string | null;
  sourceName: string | null;
}

/**
 * An article's row as both engines store it, keyed by column name: the one place that says how an
 * Article and its analysis become columns (SQLite binds it by name, PostgreSQL reads it as JSON).
 */
export function articleColumns(item: ArticleToStore, addedAt: string) {
  const { article, analysis } = item;
  return {
    source_id: article.sourceId,
    source_name: item.sourceName,
    title: article.title,
    title_derived: article.titleDerived ? 1 : 0,
    dateline: article.dateline,
    outlet: article.outlet,
    url: article.url,
    canonical_url: item.canonicalUrl,
    published: article.published,
    added_at: addedAt,
    body: item.body,
    paragraph_sections: JSON.stringify(article.paragraphs.map((p) => p.section)),
    sections: JSON.stringify(article.sections),
    noise: JSON.stringify(article.noise),
    highlights: JSON.stringify(article.highlights ?? []),
    format: article.format,
    text_hash: item.textHash,
    sentences: encodeSentences(analysis.sentences),
    lead: storyLead(analysis.sentences),
  };
}

/** A quotation's row in `quotes`, without its article id, keyed by column name (see articleColumns). */
export function quoteColumns(q: AnalysedQuote) {
  return {
    idx: q.index, text: q.text, speaker: q.speaker, role: q.role, cue: q.cue, partial: q.partial ? 1 : 0, start: q.start, end: q.end,
    confidence: q.confidence ?? null, speaker_forms: q.speakerForms?.length ? q.speakerForms.join(' | ') : null,
  };
}

export interface CatalogEntry {
  id: number;
  scope: string;
  title: string;
  date: string;
}

export interface ArticleRow {
  id: number;
  scope: string;
  source_id: string | null;
  source_name: string | null;
  title: string;
  title_derived: number;
  dateline: string | null;
  outlet: string | null;
  url: string | null;
  published: string | null;
  added_at: string;
  sections: string;
  noise: string;
  highlights: string;
  format: string;
}

export const ARTICLE_COLUMNS = 'id, scope, source_id, source_name, title, title_derived, dateline, outlet, url, published, added_at, sections, noise, highlights, format';
const VISIBLE = visibleTo('scope');

export function toStoredArticle(row: ArticleRow): StoredArticle {
  return {
    id: row.id,
    scope: row.scope,
    sourceId: row.source_id,
    sourceName: row.source_name,
    title: row.title,
    titleDerived: row.title_derived === 1,
    dateline: row.dateline,
    outlet: row.outlet,
    url: row.url,
    published: row.published,
    addedAt: row.added_at,
    sections: JSON.parse(row.sections) as string[],
    noise: JSON.parse(row.noise) as string[],
    highlights: JSON.parse(row.highlights) as string[],
    format: row.format,
  };
}

/** One sentence as articles.sentences stores it (see migration 006); its text is the body's slice. */
type StoredSentence = [paragraph: number, start: number, end: number, score: number, summaryRank: number | null, components: Record<string, number>];

/** The sentences as one JSON array, in document order: the position is the index. */
export function encodeSentences(sentences: readonly AnalysedSentence[]): string {
  return JSON.stringify(sentences.map((s, i): StoredSentence => {
    if (s.index !== i) throw new Error(`sentence ${s.index} stored at position ${i}: sentences must be in document order`);
    return [s.paragraph, s.start, s.end, s.score, s.summaryRank, s.components];
  }));
}

export function decodeSentences(body: string, json: string): AnalysedSentence[] {
  return (JSON.parse(json) as StoredSentence[]).map(([paragraph, start, end, score, summaryRank, components], index) => ({
    index,
    paragraph,
    start,
    end,
    text: body.slice(start, end),
    score,
    components,
    summaryRank,
  }));
}

/** A quotes row as analysis stored it (migrations 002, 009). */
export interface StoredQuoteRow {
  idx: number; text: string; speaker: string | null; role: string | null; cue: string | null; partial: number; start: number; end: number;
  confidence: number | null; speaker_forms: string | null;
}

/** Quotes stored before the speaker ranking have neither a confidence nor other forms. */
export function toAnalysedQuote(r: StoredQuoteRow): AnalysedQuote {
  return {
    index: r.idx, text: r.text, speaker: r.speaker, role: r.role, cue: r.cue, partial: r.partial === 1, start: r.start, end: r.end,
    ...(r.confidence === null ? {} : { confidence: r.confidence }),
    ...(r.speaker_forms === null ? {} : { speakerForms: r.speaker_forms.split(' | ') }),
  };
}

export function toTopicTag(r: { topic_id: string; score: number; evidence: number | null }): TopicTag {
  return { topicId: r.topic_id, score: r.score, evidence: r.evidence === HEADLINE_EVIDENCE ? null : r.evidence };
}

export class ArticleStore {
  private readonly statements;
  /** Titles in memory, newest first, so autocomplete never touches the disk inside Discord's 3 s. */
  private catalog: CatalogEntry[] = [];
  /** What the catalog was read from: another process sharing the file (a shard) may add or remove articles. */
  private catalogVersion = -1;
  private catalogShape = '';

  constructor(private readonly db: Db) {
    this.statements = {
      duplicateByHash: db.prepare(`SELECT id, title FROM articles WHERE text_hash = @hash AND ${VISIBLE} LIMIT 1`),
      duplicateByUrl: db.prepare(`SELECT id, title FROM articles WHERE canonical_url = @url AND ${VISIBLE} LIMIT 1`),
      insertArticle: db.prepare(`INSERT INTO articles
        (scope, source_id, source_name, title, title_derived, dateline, outlet, url, canonical_url, published, added_at, body,
         paragraph_sections, sections, noise, highlights, format, text_hash, sentences, lead)
        VALUES (@scope, @source_id, @source_name, @title, @title_derived, @dateline, @outlet, @url, @canonical_url, @published, @added_at,
         @body, @paragraph_sections, @sections, @noise, @highlights, @format, @text_hash, @sentences, @lead)`),
      // A plain one-row insert: no statement savepoint, so FTS5 keeps the batch's terms in memory
      // (an INSERT trigger would make it write a segment per article; see migration 007).
      indexArticle: db.prepare('INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)'),
      insertQuote: db.prepare(`INSERT INTO quotes (article_id, idx, text, speaker, role, cue, partial, start, end, confidence, speaker_forms)
        VALUES (@article_id, @idx, @text, @speaker, @role, @cue, @partial, @start, @end, @confidence, @speaker_forms)`),
      insertTopic: db.prepare('INSERT INTO article_topics (article_id, topic_id, score, evidence) VALUES (?, ?, ?, ?)'),
      get: db.prepare(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = @id AND ${VISIBLE}`),
      list: db.prepare(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE ${VISIBLE}
        ORDER BY ${articleDateSql()} DESC, id DESC LIMIT @limit OFFSET @offset`),
      count: db.prepare(`SELECT count(*) AS n FROM articles WHERE ${VISIBLE}`),
      remove: db.prepare('DELETE FROM articles WHERE id = ? AND scope = ? RETURNING text_hash AS hash'),
      rememberRemoval: db.prepare('INSERT OR REPLACE INTO removed_articles (scope, text_hash, removed_at) VALUES (?, ?, ?)'),
      wasRemoved: db.prepare('SELECT 1 FROM removed_articles WHERE scope = ? AND text_hash = ?'),
      forgetRemoval: db.prepare('DELETE FROM removed_articles WHERE scope = ? AND text_hash = ?'),
      body: db.prepare(`SELECT body FROM articles WHERE id = @id AND ${VISIBLE}`),
      sentences: db.prepare(`SELECT body, sentences FROM articles WHERE id = @id AND ${VISIBLE}`),
      quotes: db.prepare(`SELECT q.* FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE q.article_id = @id AND ${visibleTo('a.scope')} ORDER BY q.idx`),
      topics: db.prepare(`SELECT t.topic_id, t.score, t.evidence FROM article_topics t JOIN articles a ON a.id = t.article_id
        WHERE t.article_id = @id AND ${visibleTo('a.scope')} ORDER BY t.score DESC, t.topic_id`),
      catalog: db.prepare(`SELECT id, scope, title, ${articleDateSql()} AS date FROM articles ORDER BY date DESC, id DESC`),
      catalogShape: db.prepare("SELECT count(*) || ':' || coalesce(max(id), 0) FROM articles").pluck(),
    };
    this.reloadCatalog();
  }

  reloadCatalog(): void {
    this.catalog = this.statements.catalog.all() as CatalogEntry[];
    this.catalogShape = this.statements.catalogShape.get() as string;
  }

  /**
   * Reloads the catalog when another connection changed the articles. data_version moves only on
   * other connections' commits (digest claims too), so the articles' count and last id decide.
   */
  private refreshCatalog(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version === this.catalogVersion) return;
    this.catalogVersion = version;
    if (this.statements.catalogShape.get() !== this.catalogShape) this.reloadCatalog();
  }

  /** The article this one would duplicate, among those the scope can see. */
  findDuplicate(scope: Scope, textHash: string, canonicalUrl: string | null): { id: number; title: string } | null {
    const key = scopeKey(scope);
    const byHash = this.statements.duplicateByHash.get({ hash: textHash, scope: key }) as { id: number; title: string } | undefined;
    if (byHash) return byHash;
    if (!canonicalUrl) return null;
    return (this.statements.duplicateByUrl.get({ url: canonicalUrl, scope: key }) as { id: number; title: string } | undefined) ?? null;
  }

  /**
   * Stores one analysed article with its sentences, lead, quotes and topics, and adds it to the
   * full-text index. Call inside a transaction.
   */
  insert(scope: Scope, item: ArticleToStore, addedAt: string): number {
    // The article row and its search-index row are two statements: only a transaction keeps them
    // together (a savepoint per article would bring back the cost migration 007 removed).
    if (!this.db.inTransaction) throw new Error('ArticleStore.insert must run inside a transaction (ArticleStore.transaction)');
    const { article, analysis } = item;
    const result = this.statements.insertArticle.run({ scope: scopeKey(scope), ...articleColumns(item, addedAt) });
    const id = Number(result.lastInsertRowid);
    this.statements.indexArticle.run(id, article.title, item.body);
    for (const q of analysis.quotes) {
      this.statements.insertQuote.run({ article_id: id, ...quoteColumns(q) });
    }
    for (const t of analysis.topics) this.statements.insertTopic.run(id, t.topicId, t.score, t.evidence ?? HEADLINE_EVIDENCE);
    this.catalog.unshift({ id, scope: scopeKey(scope), title: article.title, date: articleDate({ published: article.published, addedAt }) });
    return id;
  }

  /**
   * Runs `work` in one write transaction, taken at once (BEGIN IMMEDIATE) so two processes sharing the
   * file queue on the busy timeout instead of failing to upgrade a read lock. The in-memory catalog is
   * rebuilt if the transaction fails.
   */
  transaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      this.reloadCatalog();
      throw error;
    }
  }

  /** Keeps the catalog sorted after a batch (inserts add entries at the front). */
  sortCatalog(): void {
    this.catalog.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
  }

  get(id: number, scope: Scope): StoredArticle | null {
    const row = this.statements.get.get({ id, scope: scopeKey(scope) }) as ArticleRow | undefined;
    return row ? toStoredArticle(row) : null;
  }

  body(id: number, scope: Scope): string {
    return (this.statements.body.get({ id, scope: scopeKey(scope) }) as { body: string } | undefined)?.body ?? '';
  }

  list(scope: Scope, page: { limit: number; offset: number }): StoredArticle[] {
    const rows = this.statements.list.all({ scope: scopeKey(scope), ...page }) as ArticleRow[];
    return rows.map(toStoredArticle);
  }

  count(scope: Scope): number {
    return (this.statements.count.get({ scope: scopeKey(scope) }) as { n: number }).n;
  }

  /**
   * Removes an article the scope owns, and remembers its text so the start-up load of data/articles
   * does not bring it back. Shared articles cannot be removed from a guild.
   */
  remove(id: number, scope: Scope, removedAt: string): boolean {
    const key = scopeKey(scope);
    const removed = this.db.transaction(() => {
      const row = this.statements.remove.get(id, key) as { hash: string } | undefined;
      if (row) this.statements.rememberRemoval.run(key, row.hash, removedAt);
      return row !== undefined;
    }).immediate();
    if (removed) this.catalog = this.catalog.filter((entry) => entry.id !== id);
    return removed;
  }

  /** Whether an admin removed this text from the scope (see remove). */
  wasRemoved(scope: Scope, textHash: string): boolean {
    return this.statements.wasRemoved.get(scopeKey(scope), textHash) !== undefined;
  }

  /** Lifts a removal: the same text was added again on purpose. */
  forgetRemoval(scope: Scope, textHash: string): void {
    this.statements.forgetRemoval.run(scopeKey(scope), textHash);
  }

  /** The article's sentences in document order, each with its text cut from the body. */
  sentences(articleId: number, scope: Scope): AnalysedSentence[] {
    const row = this.statements.sentences.get({ id: articleId, scope: scopeKey(scope) }) as { body: string; sentences: string } | undefined;
    return row ? decodeSentences(row.body, row.sentences) : [];
  }

  quotes(articleId: number, scope: Scope): AnalysedQuote[] {
    return (this.statements.quotes.all({ id: articleId, scope: scopeKey(scope) }) as StoredQuoteRow[]).map(toAnalysedQuote);
  }

  topics(articleId: number, scope: Scope): TopicTag[] {
    return (this.statements.topics.all({ id: articleId, scope: scopeKey(scope) }) as { topic_id: string; score: number; evidence: number | null }[]).map(toTopicTag);
  }

  /** Autocomplete over titles the scope can see: words of the query in order of recency. */
  searchTitles(scope: Scope, query: string, limit = 25): CatalogEntry[] {
    this.refreshCatalog();
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    const out: CatalogEntry[] = [];
    for (const entry of this.catalog) {
      if (!canSee(scope, entry.scope)) continue;
      const title = entry.title.toLowerCase();
      if (terms.every((term) => title.includes(term))) {
        out.push(entry);
        if (out.length >= limit) break;
      }
    }
    return out;
  }
}
