// StoryStore on PostgreSQL: the same StoryPlacer (../story-placer.ts) decides, over the same rows; this
// module is only the SQL. As with SQLite, each process keeps its own index, filled a day at a time
// from article_stories; an article another process placed after a day was loaded is stored and
// grouped, just not joined to by this process until it loads that day again (restart, or a rollback
// here, which drops the index: PgEngine.transaction).
import pg from 'pg';
import { type Scope, scopeKey } from '../../domain/scope.ts';
import type { AsyncStoryStore } from '../engine.ts';
import type { StoryMember } from '../stories.ts';
import { type PlacementRow, type StoredRow, type StoryArticle, StoryPlacer, unplacedArticle, type UnplacedRow } from '../story-placer.ts';
import type { Queryable } from './db.ts';
import { atomically, visibleTo } from './sql.ts';
import { articleDateSql } from '../rules.ts';

export class PgStoryStore implements AsyncStoryStore {
  private catchingUp: Promise<number> | null = null;
  /**
   * Inside an ingest transaction, the placements not yet written, by article: a round trip each was
   * an eighth of PostgreSQL's ingest CPU. The placer already holds them, so nothing in the transaction
   * needs them back from the table except this module's own reads, which send them first; the rest go
   * in one statement before COMMIT (flushDeferred), as the article store's deferred forgets do.
   */
  private readonly unwritten: Map<number, PlacementRow> | null;

  /** `placer` is the process's: a transaction's families share it rather than start an empty one. */
  constructor(private readonly db: Queryable, readonly placer: StoryPlacer = new StoryPlacer(), deferWrites = false) {
    this.unwritten = deferWrites ? new Map() : null;
  }

  /** The same in-memory state over another connection; `deferWrites` for a transaction's client. */
  sharingStateWith(db: Queryable, deferWrites = false): PgStoryStore {
    const twin = new PgStoryStore(db, this.placer, deferWrites);
    twin.catchingUp = Promise.resolve(0);
    return twin;
  }

  /**
   * Writes the placements this transaction's store deferred; PgEngine.transaction calls it before
   * COMMIT. An article the transaction removed since has no placement to keep (its row would be gone
   * by ON DELETE CASCADE had it been written at once), hence the join.
   */
  async flushDeferred(): Promise<void> {
    if (!this.unwritten?.size) return;
    const rows = [...this.unwritten.values()];
    this.unwritten.clear();
    await this.db.query({
      name: 'stories.place-many',
      text: `INSERT INTO article_stories (article_id, scope, story_id, day, signature)
       SELECT p.* FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::text[]) AS p(article_id, scope, story_id, day, signature)
       JOIN articles a ON a.id = p.article_id
       ON CONFLICT (article_id) DO UPDATE SET scope = excluded.scope, story_id = excluded.story_id, day = excluded.day, signature = excluded.signature`,
      values: [rows.map((r) => r.articleId), rows.map((r) => r.scope), rows.map((r) => r.story), rows.map((r) => r.day), rows.map((r) => r.signature)],
    });
  }

  private readonly readDays = async (scope: string, days: number[]): Promise<StoredRow[]> => {
    // After a reset (another transaction's rollback) the days are read again, this one's kept rows included.
    await this.flushDeferred();
    const { rows } = await this.db.query<StoredRow>(
      `SELECT a.id, a.title, a.lead, a.published, a.added_at, s.story_id, s.signature
       FROM article_stories s JOIN articles a ON a.id = s.article_id WHERE s.scope = $1 AND s.day = ANY($2::int[]) ORDER BY s.day, a.id`,
      [scope, days],
    );
    return rows;
  };

  async place(scope: Scope, article: StoryArticle): Promise<number> {
    const row = await this.placer.place(scope, article, this.readDays);
    if (this.unwritten) {
      this.unwritten.set(row.articleId, row);
      return row.story;
    }
    await this.db.query({
      name: 'stories.place',
      text: `INSERT INTO article_stories (article_id, scope, story_id, day, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (article_id) DO UPDATE SET scope = excluded.scope, story_id = excluded.story_id, day = excluded.day, signature = excluded.signature`,
      values: [row.articleId, row.scope, row.story, row.day, row.signature],
    });
    return row.story;
  }

  async storiesOf(ids: readonly number[], scope: Scope): Promise<Map<number, number>> {
    await this.catchUp();
    await this.flushDeferred();
    const { rows } = await this.db.query<{ article_id: number; story_id: number }>(
      `SELECT article_id, story_id FROM article_stories WHERE article_id = ANY($1::int[]) AND ${visibleTo('scope', 2)}`,
      [ids, scopeKey(scope)],
    );
    return new Map(rows.map((r) => [r.article_id, r.story_id]));
  }

  async members(story: number, scope: Scope): Promise<StoryMember[]> {
    await this.catchUp();
    await this.flushDeferred();
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
    // Deferred placements are not missing: sent first, so the query below does not place them again.
    await this.flushDeferred();
    const own = this.db;
    try {
      return await atomically(this.db, async (db) => {
        const { rows } = await db.query<UnplacedRow>(
          `SELECT a.id, a.scope, a.title, a.lead, a.published, a.added_at FROM articles a
           LEFT JOIN article_stories s ON s.article_id = a.id WHERE s.article_id IS NULL
           ORDER BY ${articleDateSql('a')}, a.id`,
        );
        const placer = db === own ? this : this.sharingStateWith(db);
        for (const row of rows) {
          const { scope, article } = unplacedArticle(row);
          await placer.place(scope, article);
        }
        return rows.length;
      });
    } catch (error) {
      // Its own transaction rolled back; inside the caller's, the caller's rollback resets the placer.
      if (own instanceof pg.Pool) this.placer.reset();
      throw error;
    }
  }
}
