// One asynchronous store interface, served by two engines: the embedded SQLite file (the default) and
// a PostgreSQL server (DATABASE_URL=postgres://…), which any number of bot processes on any number of
// machines can share. Each family is the async mirror of today's synchronous store module: the same
// method names and arguments, every result a Promise. Callers move to it family by family; the SQLite
// engine serves it from the existing Store unchanged (sqlite-engine.ts), PostgreSQL from src/store/pg/.
//
// The mirror is derived from the synchronous classes, so a method added there appears here and both
// engines fail to compile until they serve it.
import type { ArticleStore, ArticleToStore } from './articles.ts';
import type { Scope } from '../domain/scope.ts';
import type { DigestStore } from './digests.ts';
import type { FeedStore } from './feeds.ts';
import type { QuoteStore } from './quotes.ts';
import type { StoryStore } from './stories.ts';
import type { GuildTopic, TopicStore } from './topics.ts';
import type { TrendStore } from './trends.ts';

/** The public methods of T, each returning a Promise of what it returned; `Left` names ones left out. */
export type AsyncMirror<T, Left extends keyof T = never> = {
  [K in Exclude<keyof T, Left> as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/**
 * ArticleStore's `transaction(work)` takes synchronous work; here the whole store has one
 * (StoreEngine.transaction), since an insert also touches stories and topics. The title catalog it
 * keeps in memory is SQLite's own (PostgreSQL searches titles with a query): SqliteEngine sorts it
 * after each commit and rereads it after a rollback, so no caller tends it.
 */
export type AsyncArticleStore = AsyncMirror<ArticleStore, 'transaction' | 'reloadCatalog' | 'sortCatalog'> & ArticleBatches;

/**
 * A batch of articles in one call each, as the Ingestor stores them: on PostgreSQL one statement
 * (one round trip) for the whole batch instead of one per article; on SQLite, a loop over the
 * single-article methods (a call there costs no round trip).
 */
export interface ArticleBatches {
  /** findDuplicate for each key, in the keys' order (the hash's match first, then the URL's). */
  findDuplicates(scope: Scope, keys: readonly DuplicateKey[]): Promise<({ id: number; title: string } | null)[]>;
  /** insert for each item (with its own arrival time), in order; their ids in the same order. Call inside a transaction. */
  insertMany(scope: Scope, items: readonly ArrivingArticle[]): Promise<number[]>;
}

/** An article to store and when it arrived (insert's `addedAt`). */
export interface ArrivingArticle extends ArticleToStore {
  addedAt: string;
}

export interface DuplicateKey {
  textHash: string;
  canonicalUrl: string | null;
}
export type AsyncDigestStore = AsyncMirror<DigestStore>;
export type AsyncFeedStore = AsyncMirror<FeedStore>;
/**
 * How old autocomplete's suggestions may be. Autocomplete answers every keystroke within Discord's
 * 3 s; on PostgreSQL the speakers and a server's own topics are kept per process and looked up again
 * in the database at most this often, so what another process (a shard, another machine) changed
 * shows in suggestions within this time. This process's own changes show at once. Commands (/quotes
 * speaker:, /topic, /topics) read them fresh every time.
 */
export const SUGGESTION_TTL_MS = 5_000;

export type AsyncQuoteStore = AsyncMirror<QuoteStore> & {
  /** matchSpeakers for autocomplete: may answer from what the process read up to SUGGESTION_TTL_MS ago. */
  speakerSuggestions(...args: Parameters<QuoteStore['matchSpeakers']>): Promise<ReturnType<QuoteStore['matchSpeakers']>>;
};
export type AsyncStoryStore = AsyncMirror<StoryStore>;
export type AsyncTopicStore = AsyncMirror<TopicStore> & {
  /** guildTopicsOf for autocomplete: may answer from what the process read up to SUGGESTION_TTL_MS ago. */
  guildTopicSuggestions(...args: Parameters<TopicStore['guildTopicsOf']>): Promise<GuildTopic[]>;
};
export type AsyncTrendStore = AsyncMirror<TrendStore>;

export type EngineName = 'sqlite' | 'postgres';

export interface StoreEngine {
  readonly engine: EngineName;
  readonly articles: AsyncArticleStore;
  readonly digests: AsyncDigestStore;
  readonly feeds: AsyncFeedStore;
  readonly quotes: AsyncQuoteStore;
  readonly stories: AsyncStoryStore;
  readonly topics: AsyncTopicStore;
  readonly trends: AsyncTrendStore;
  /**
   * Runs `work` in one transaction: everything it does through `store` (not through `this`) commits
   * together or not at all. ArticleStore.insert must run inside one, as today.
   */
  transaction<T>(work: (store: StoreEngine) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
