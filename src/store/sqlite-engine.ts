// The asynchronous store interface served by today's synchronous SQLite Store, unchanged.
//
// better-sqlite3 has one connection and runs each call to completion, so a call is atomic by itself.
// A transaction is different once it is asynchronous: between two awaits of its work, another caller
// could slip a write into it (or see its uncommitted rows). So a transaction holds a lock for its
// whole run, and calls from outside it wait for the lock; calls made inside it (recognised through
// AsyncLocalStorage) go straight through.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Scope } from '../domain/scope.ts';
import type { ArrivingArticle, AsyncMirror, DuplicateKey, StoreEngine } from './engine.ts';
import { Store } from './store.ts';

/** One holder at a time, in arrival order. */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }

  /** Resolves when no holder is left (holders arriving meanwhile are waited for too). */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }
}

export class SqliteEngine implements StoreEngine {
  readonly engine = 'sqlite';
  readonly articles;
  readonly digests;
  readonly feeds;
  readonly quotes;
  readonly stories;
  readonly topics;
  readonly trends;
  private readonly lock = new Lock();
  private readonly inside = new AsyncLocalStorage<true>();

  constructor(readonly store: Store) {
    const articles = store.articles;
    this.articles = {
      ...this.mirror(articles, ['findDuplicate', 'insert', 'get', 'body', 'list', 'count', 'remove', 'wasRemoved', 'forgetRemoval', 'sentences', 'quotes', 'topics', 'searchTitles']),
      // A call costs no round trip here: the batch is the single-article methods in a loop.
      ...this.mirror({
        findDuplicates: (scope: Scope, keys: readonly DuplicateKey[]) => keys.map((k) => articles.findDuplicate(scope, k.textHash, k.canonicalUrl)),
        insertMany: (scope: Scope, items: readonly ArrivingArticle[]) => items.map((item) => articles.insert(scope, item, item.addedAt)),
      }, ['findDuplicates', 'insertMany']),
    };
    this.digests = this.mirror(store.digests, ['settings', 'allSettings', 'putSettings', 'slot', 'claim', 'setPayload', 'recordParts', 'unfinished', 'markPosted', 'release', 'skip', 'lastPosted', 'earliestSlot', 'candidates', 'details']);
    this.feeds = this.mirror(store.feeds, ['add', 'get', 'listOwn', 'all', 'due', 'remove', 'removeConfiguredExcept', 'setNextPoll', 'recordSuccess', 'recordFailure', 'markFailingTold', 'seenKeys', 'hasSeenAny', 'markSeen', 'itemCounts']);
    // Autocomplete reads what the others read: SQLite's speaker index and guild topics are in memory already.
    this.quotes = { ...this.mirror(store.quotes, ['matchSpeakers', 'find']), speakerSuggestions: this.mirror(store.quotes, ['matchSpeakers']).matchSpeakers };
    this.stories = this.mirror(store.stories, ['place', 'storiesOf', 'members', 'catchUp', 'placeMissing']);
    this.topics = { ...this.mirror(store.topics, ['find', 'leads', 'guildTopicsOf', 'addGuildTopic', 'removeGuildTopic']), guildTopicSuggestions: this.mirror(store.topics, ['guildTopicsOf']).guildTopicsOf };
    this.trends = this.mirror(store.trends, ['days', 'matches', 'articles']);
  }

  static open(file: string): SqliteEngine {
    return new SqliteEngine(Store.open(file));
  }

  /**
   * Each named method as an async one that waits for any open transaction it is not part of. The
   * names are listed (not enumerated from the prototype) so the compiler checks them against the
   * family's public methods: a missing one fails to build here.
   */
  private mirror<T extends object, K extends keyof T & keyof AsyncMirror<T>>(family: T, names: K[]): Pick<AsyncMirror<T>, K> {
    const out = {} as Record<K, unknown>;
    for (const name of names) {
      const method = family[name] as (...args: unknown[]) => unknown;
      out[name] = async (...args: unknown[]) => {
        if (!this.inside.getStore()) await this.lock.idle();
        return method.apply(family, args);
      };
    }
    return out as Pick<AsyncMirror<T>, K>;
  }

  async transaction<T>(work: (store: StoreEngine) => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return work(this);
    const release = await this.lock.acquire();
    const db = this.store.db;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = await this.inside.run(true, () => work(this));
        db.exec('COMMIT');
        // Inserts put their titles at the front of the catalog; searchTitles reads it newest first.
        this.store.articles.sortCatalog();
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        // What the transaction put in memory is in no table now: inserts left their titles in the
        // catalog (as ArticleStore.transaction reloads it), placements their stories in the index.
        this.store.articles.reloadCatalog();
        this.store.stories.placer.reset();
        throw error;
      }
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    await this.lock.idle();
    this.store.close();
  }
}
