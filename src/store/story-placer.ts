// Story placement without an engine: which story an article joins, which stored days that needs in
// memory, and the row that records it. SQLite's StoryStore and PostgreSQL's PgStoryStore each own one
// StoryPlacer and only read and write article_stories in their own SQL, so the two engines cannot
// drift apart in what they decide.
//
// The placer keeps a StoryIndex per scope, filled a day at a time from article_stories the first
// time a day is needed. Reading a day is the engine's: `place` takes a reader that answers at once
// (better-sqlite3) or with a Promise (node-postgres), and answers the same way. A guild's article may
// join a shared story (the guild sees both); a shared article never joins a guild's story.
import { DEFAULT_STORY_MODEL, DocumentFrequencies, type PlacedArticle, type Placement, StoryIndex, type StoryModel } from '../nlp/cluster.ts';
import { dayNumber, eventSignature } from '../nlp/signature.ts';
import type { EventSignature } from '../domain/analysis.ts';
import { type Scope, scopeKey, scopeOfKey, SHARED } from '../domain/scope.ts';
import { articleDate } from '../domain/article.ts';

export interface StoryArticle {
  id: number;
  title: string;
  lead: string;
  /** The article's published date, or null. */
  published: string | null;
  addedAt: string;
  signature: EventSignature;
}

/** A placement as article_stories keeps it (read back with its article's title, lead and dates). */
export interface StoredRow {
  id: number;
  title: string;
  lead: string;
  published: string | null;
  added_at: string;
  story_id: number;
  signature: string;
}

/** An article stored without a story (before stories were kept, or by an older process). */
export interface UnplacedRow {
  id: number;
  scope: string;
  title: string;
  lead: string;
  published: string | null;
  added_at: string;
}

/** The article_stories row a placement writes. */
export interface PlacementRow {
  articleId: number;
  scope: string;
  story: number;
  day: number;
  signature: string;
}

/**
 * The placements stored in `scope` on `days`, ordered by day then article id: at once, or as a
 * Promise. A reader that answers at once makes `place` answer at once.
 */
export type DayReader<R extends StoredRow[] | Promise<StoredRow[]>> = (scope: string, days: number[]) => R;

/** The day an article counts under: when it was published, else when it arrived. */
export function placementDay(published: string | null, addedAt: string): number {
  return dayNumber(published) ?? dayNumber(addedAt) ?? 0;
}

/** An unplaced article as placement reads it: its signature from its title and lead (the body is not read back). */
export function unplacedArticle(row: UnplacedRow): { scope: Scope; article: StoryArticle } {
  const signature = eventSignature({ title: row.title, leadSentences: [row.lead], published: row.published, body: '', printed: false, dateline: null });
  return {
    scope: scopeOfKey(row.scope),
    article: { id: row.id, title: row.title, lead: row.lead, published: row.published, addedAt: row.added_at, signature },
  };
}

/** Runs `next` after `step`: at once when `step` is done already, else when its Promise settles. */
function then<T>(step: void | Promise<void>, next: () => T | Promise<T>): T | Promise<T> {
  return step instanceof Promise ? step.then(next) : next();
}

export class StoryPlacer {
  private df = new DocumentFrequencies();
  private indexes = new Map<string, StoryIndex>();
  /** Per scope, each day in the index (true) or being read (the read: placements on it wait for it). */
  private days = new Map<string, Map<number, true | Promise<void>>>();
  /** Counts resets: a placement that waited for a read across one starts again on the new state. */
  private generation = 0;

  constructor(private readonly model: StoryModel = DEFAULT_STORY_MODEL) {}

  /**
   * Forgets every placement in memory; the next placement reads its days again from the store. After a
   * rollback: what the transaction placed must not be joined, and the document frequencies it counted
   * must not weigh later articles (a fresh process has neither).
   */
  reset(): void {
    this.generation++;
    this.df = new DocumentFrequencies();
    this.indexes = new Map();
    this.days = new Map();
  }

  private index(scope: string): StoryIndex {
    let index = this.indexes.get(scope);
    if (!index) {
      index = new StoryIndex(this.model, this.df);
      this.indexes.set(scope, index);
      this.days.set(scope, new Map());
    }
    return index;
  }

  /** Brings the stored placements of the days around `day` into the scope's index; a Promise while reads are under way. */
  private load(scope: string, day: number, read: DayReader<StoredRow[] | Promise<StoredRow[]>>): void | Promise<void> {
    const index = this.index(scope);
    const state = this.days.get(scope)!;
    const missing: number[] = [];
    const pending: Promise<void>[] = [];
    for (let d = day - this.model.maxDayGap; d <= day + this.model.maxDayGap; d++) {
      const known = state.get(d);
      if (known === undefined) missing.push(d);
      else if (known !== true) pending.push(known);
    }
    if (missing.length > 0) {
      for (const d of missing) state.set(d, true);
      let rows: StoredRow[] | Promise<StoredRow[]>;
      try {
        rows = read(scope, missing);
      } catch (error) {
        for (const d of missing) state.delete(d);
        throw error;
      }
      if (rows instanceof Promise) {
        const done: Promise<void> = rows.then(
          (found) => {
            this.remember(index, found);
            for (const d of missing) if (state.get(d) === done) state.set(d, true);
          },
          (error: unknown) => {
            // A failed read is forgotten, so the next placement on those days tries again.
            for (const d of missing) if (state.get(d) === done) state.delete(d);
            throw error;
          },
        );
        for (const d of missing) state.set(d, done);
        pending.push(done);
      } else {
        this.remember(index, rows);
      }
    }
    if (pending.length > 0) return Promise.all(pending).then(() => undefined);
  }

  private remember(index: StoryIndex, rows: readonly StoredRow[]): void {
    for (const row of rows) {
      const article = index.prepare({
        id: row.id,
        title: row.title,
        lead: row.lead,
        published: articleDate({ published: row.published, addedAt: row.added_at }),
        signature: JSON.parse(row.signature) as EventSignature,
      });
      article.story = String(row.story_id);
      index.insert(article);
    }
  }

  /**
   * Places an article just stored: the story it joins, or its own id, with the row to write. A guild's
   * article is compared with the guild's stories and, once those are weighed, the shared ones.
   */
  place(scope: Scope, article: StoryArticle, read: DayReader<StoredRow[]>): PlacementRow;
  place(scope: Scope, article: StoryArticle, read: DayReader<StoredRow[] | Promise<StoredRow[]>>): PlacementRow | Promise<PlacementRow>;
  place(scope: Scope, article: StoryArticle, read: DayReader<StoredRow[] | Promise<StoredRow[]>>): PlacementRow | Promise<PlacementRow> {
    const key = scopeKey(scope);
    const day = placementDay(article.published, article.addedAt);
    // Another transaction of this process rolled back while this one waited for a day's rows: the
    // index they were going into is gone, so the placement is made again over the fresh one.
    const generation = this.generation;
    const again = (): PlacementRow | Promise<PlacementRow> => this.place(scope, article, read);
    return then(this.load(key, day, read), () => {
      if (generation !== this.generation) return again();
      const own = this.index(key);
      const prepared: PlacedArticle = own.prepare({ id: article.id, title: article.title, lead: article.lead, published: articleDate(article), signature: article.signature });
      const best: Placement = own.match(prepared);
      const settle = (chosen: Placement): PlacementRow => {
        prepared.story = chosen.story;
        own.insert(prepared);
        return { articleId: article.id, scope: key, story: Number(chosen.story), day, signature: JSON.stringify(article.signature) };
      };
      if (key === SHARED) return settle(best);
      return then(this.load(SHARED, day, read), () => {
        if (generation !== this.generation) return again();
        const shared = this.index(SHARED).match(prepared);
        return settle(shared.joined !== null && (best.joined === null || shared.score > best.score) ? shared : best);
      });
    });
  }
}
