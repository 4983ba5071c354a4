// StoryStore on PostgreSQL: the same placement (src/nlp/cluster.ts) over the same rows. As with
// SQLite, each process keeps its own StoryIndex, filled a day at a time from article_stories; an
// article another process placed after a day was loaded is stored and grouped, just not joined to by
// this process until it loads that day again (restart).
import { DEFAULT_STORY_MODEL, DocumentFrequencies, type PlacedArticle, type Placement, StoryIndex, type StoryModel } from '../../nlp/cluster.ts';
import { eventSignature } from '../../nlp/signature.ts';
import type { EventSignature } from '../../domain/analysis.ts';
import { type Scope, scopeKey, scopeOfKey, SHARED } from '../../domain/scope.ts';
import type { AsyncStoryStore } from '../engine.ts';
import type { StoryArticle, StoryMember } from '../stories.ts';
import type { Queryable } from './db.ts';
import { atomically, visibleTo } from './sql.ts';
import { placementDay, type StoredRow } from '../stories.ts';
import { articleDateSql } from '../rules.ts';
import { articleDate } from '../../domain/article.ts';

export class PgStoryStore implements AsyncStoryStore {
  private readonly df = new DocumentFrequencies();
  private readonly indexes = new Map<string, StoryIndex>();
  /** Per scope, each day read into the index or being read: a concurrent place() waits for the read. */
  private readonly loaded = new Map<string, Map<number, Promise<void>>>();
  private catchingUp: Promise<number> | null = null;

  constructor(private readonly db: Queryable, private readonly model: StoryModel = DEFAULT_STORY_MODEL) {}

  /** The same in-memory state over another connection (a transaction's client). */
  sharingStateWith(db: Queryable): PgStoryStore {
    const twin = new PgStoryStore(db, this.model);
    Object.assign(twin, { df: this.df, indexes: this.indexes, loaded: this.loaded });
    twin.catchingUp = Promise.resolve(0);
    return twin;
  }

  private index(scope: string): StoryIndex {
    let index = this.indexes.get(scope);
    if (!index) {
      index = new StoryIndex(this.model, this.df);
      this.indexes.set(scope, index);
      this.loaded.set(scope, new Map());
    }
    return index;
  }

  private async load(scope: string, day: number): Promise<StoryIndex> {
    const index = this.index(scope);
    const loaded = this.loaded.get(scope)!;
    const days: number[] = [];
    const pending: Promise<void>[] = [];
    for (let d = day - this.model.maxDayGap; d <= day + this.model.maxDayGap; d++) {
      const read = loaded.get(d);
      if (read) pending.push(read);
      else days.push(d);
    }
    if (days.length > 0) {
      const read = this.read(index, scope, days);
      for (const d of days) loaded.set(d, read);
      // A failed read is forgotten, so the next placement on those days tries again.
      read.catch(() => {
        for (const d of days) if (loaded.get(d) === read) loaded.delete(d);
      });
      pending.push(read);
    }
    await Promise.all(pending);
    return index;
  }

  private async read(index: StoryIndex, scope: string, days: number[]): Promise<void> {
    const { rows } = await this.db.query<StoredRow>(
      `SELECT a.id, a.title, a.lead, a.published, a.added_at, s.story_id, s.signature
       FROM article_stories s JOIN articles a ON a.id = s.article_id WHERE s.scope = $1 AND s.day = ANY($2::int[]) ORDER BY s.day, a.id`,
      [scope, days],
    );
    for (const row of rows) {
      const article = index.prepare({
        id: row.id, title: row.title, lead: row.lead, published: articleDate({ published: row.published, addedAt: row.added_at }), signature: JSON.parse(row.signature) as EventSignature,
      });
      article.story = String(row.story_id);
      index.insert(article);
    }
  }

  async place(scope: Scope, article: StoryArticle): Promise<number> {
    const key = scopeKey(scope);
    const day = placementDay(article.published, article.addedAt);
    const own = await this.load(key, day);
    const item = { id: article.id, title: article.title, lead: article.lead, published: articleDate(article), signature: article.signature };
    const prepared: PlacedArticle = own.prepare(item);
    let best: Placement = own.match(prepared);
    if (key !== SHARED) {
      const shared = (await this.load(SHARED, day)).match(prepared);
      if (shared.joined !== null && (best.joined === null || shared.score > best.score)) best = shared;
    }
    prepared.story = best.story;
    own.insert(prepared);
    const story = Number(best.story);
    await this.db.query({
      name: 'stories.place',
      text: `INSERT INTO article_stories (article_id, scope, story_id, day, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (article_id) DO UPDATE SET scope = excluded.scope, story_id = excluded.story_id, day = excluded.day, signature = excluded.signature`,
      values: [article.id, key, story, day, JSON.stringify(article.signature)],
    });
    return story;
  }

  async storiesOf(ids: readonly number[], scope: Scope): Promise<Map<number, number>> {
    await this.catchUp();
    const { rows } = await this.db.query<{ article_id: number; story_id: number }>(
      `SELECT article_id, story_id FROM article_stories WHERE article_id = ANY($1::int[]) AND ${visibleTo('scope', 2)}`,
      [ids, scopeKey(scope)],
    );
    return new Map(rows.map((r) => [r.article_id, r.story_id]));
  }

  async members(story: number, scope: Scope): Promise<StoryMember[]> {
    await this.catchUp();
    const { rows } = await this.db.query<StoryMember>(
      `SELECT a.id, a.title, a.outlet, a.url, ${articleDateSql('a')} AS date
       FROM article_stories s JOIN articles a ON a.id = s.article_id
       WHERE s.story_id = $1 AND ${visibleTo('a.scope', 2)} ORDER BY coalesce(a.outlet, ''), date, a.id`,
      [story, scopeKey(scope)],
    );
    return rows;
  }

  /** Places articles stored before stories were kept, once per process; concurrent callers wait for it. */
  async catchUp(): Promise<void> {
    this.catchingUp ??= this.placeMissing().catch((error: unknown) => {
      this.catchingUp = null;
      throw error;
    });
    await this.catchingUp;
  }

  async placeMissing(): Promise<number> {
    return atomically(this.db, async (db) => {
      const { rows } = await db.query<{ id: number; scope: string; title: string; lead: string; published: string | null; added_at: string }>(
        `SELECT a.id, a.scope, a.title, a.lead, a.published, a.added_at FROM articles a
         LEFT JOIN article_stories s ON s.article_id = a.id WHERE s.article_id IS NULL
         ORDER BY ${articleDateSql('a')}, a.id`,
      );
      const placer = db === this.db ? this : this.sharingStateWith(db);
      for (const row of rows) {
        const signature = eventSignature({ title: row.title, leadSentences: [row.lead], published: row.published, body: '', printed: false, dateline: null });
        await placer.place(scopeOfKey(row.scope), { id: row.id, title: row.title, lead: row.lead, published: row.published, addedAt: row.added_at, signature });
      }
      return rows.length;
    });
  }
}
