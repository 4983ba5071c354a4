// The asynchronous store interface on a PostgreSQL server: one pool per process, each family a thin
// module of SQL. A transaction borrows one client from the pool and hands `work` the same families
// bound to it, so everything done through them commits together.
import type pg from 'pg';
import type { StoreEngine } from '../engine.ts';
import { PgArticleStore } from './articles.ts';
import { inTransaction, openPgPool, type PgOptions, type Queryable } from './db.ts';
import { PgDigestStore } from './digests.ts';
import { PgFeedStore } from './feeds.ts';
import { PgQuoteStore } from './quotes.ts';
import { PgStoryStore } from './stories.ts';
import { PgTopicStore } from './topics.ts';
import { PgTrendStore } from './trends.ts';
import { type SuggestionOptions, Suggestions } from './suggestions.ts';

export interface PgEngineOptions extends PgOptions {
  /** Autocomplete's per-process copies (suggestions.ts): their age limit, and a clock for tests. */
  suggestions?: SuggestionOptions;
}

export class PgEngine implements StoreEngine {
  readonly engine = 'postgres';
  readonly articles: PgArticleStore;
  readonly digests: PgDigestStore;
  readonly feeds: PgFeedStore;
  readonly quotes: PgQuoteStore;
  readonly stories: PgStoryStore;
  readonly topics: PgTopicStore;
  readonly trends: PgTrendStore;

  private constructor(
    readonly pool: pg.Pool,
    private readonly db: Queryable,
    stories: PgStoryStore | null,
    private readonly suggestions: Suggestions,
  ) {
    this.articles = new PgArticleStore(db, db !== pool, suggestions);
    this.digests = new PgDigestStore(db);
    this.feeds = new PgFeedStore(db);
    this.quotes = new PgQuoteStore(db, suggestions);
    // Stories keep an index in memory: a transaction's families share the process's, not a new one.
    this.stories = stories ? stories.sharingStateWith(db, db !== pool) : new PgStoryStore(db);
    this.topics = new PgTopicStore(db, suggestions);
    this.trends = new PgTrendStore(db);
  }

  /** Connects to `url` (postgres://…) and brings the schema up to date. */
  static async open(url: string, options: PgEngineOptions = {}): Promise<PgEngine> {
    const pool = await openPgPool(url, options);
    return new PgEngine(pool, pool, null, new Suggestions(options.suggestions));
  }

  async transaction<T>(work: (store: StoreEngine) => Promise<T>): Promise<T> {
    if (this.db !== this.pool) return work(this);
    try {
      const result = await inTransaction(this.pool, async (client) => {
        const store = new PgEngine(this.pool, client, this.stories, this.suggestions);
        const result = await work(store);
        await store.articles.flushDeferred();
        await store.stories.flushDeferred();
        return result;
      });
      // Articles this process stored show in autocomplete's speakers at once, not after the TTL.
      this.suggestions.articlesChanged();
      return result;
    } catch (error) {
      // Rolled back: the stories it placed are in no table, so the index must not offer them either
      // (ingest retries a batch that lost a race for a unique key; the retry must not join them).
      this.stories.placer.reset();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.db === this.pool && !this.pool.ended) await this.pool.end();
  }
}
