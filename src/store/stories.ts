// Stories kept at ingest: each new article joins the story of the earlier article it reports the same
// occurrence as, or starts one (src/nlp/cluster.ts decides; migration 010 keeps the result). /topic,
// the digest and the summary view read the stories from here, so they agree with each other and with
// `brief clusters`.
//
// What a placement decides is the engine-free StoryPlacer's (story-placer.ts), shared with PostgreSQL;
// this module is SQLite's reads and writes of article_stories. The placer's index is per process:
// another process writing the same file is not seen by this one's index until restart (its articles
// are still stored and grouped, just not joined to).
import { type StoredRow, type StoryArticle, StoryPlacer, unplacedArticle, type UnplacedRow } from './story-placer.ts';
import type { StoryModel } from '../nlp/cluster.ts';
import { articleDateSql, visibleTo } from './rules.ts';
import { type Scope, scopeKey } from '../domain/scope.ts';
import type { Db } from './db.ts';

export type { StoryArticle } from './story-placer.ts';

export interface StoryMember {
  id: number;
  title: string;
  outlet: string | null;
  url: string | null;
  date: string;
}

export class StoryStore {
  private readonly statements;
  /** What placement decides, and the index it decides from (reset after a rollback: SqliteEngine.transaction). */
  readonly placer: StoryPlacer;
  private caughtUp = false;

  constructor(private readonly db: Db, model?: StoryModel) {
    this.placer = new StoryPlacer(model);
    this.statements = {
      insert: db.prepare('INSERT OR REPLACE INTO article_stories (article_id, scope, story_id, day, signature) VALUES (?, ?, ?, ?, ?)'),
      day: db.prepare(`SELECT a.id, a.title, a.lead, a.published, a.added_at, s.story_id, s.signature
        FROM article_stories s JOIN articles a ON a.id = s.article_id WHERE s.scope = ? AND s.day = ? ORDER BY a.id`),
      storyOf: db.prepare(`SELECT s.article_id, s.story_id FROM article_stories s JOIN articles a ON a.id = s.article_id
        WHERE s.article_id IN (SELECT value FROM json_each(@ids)) AND ${visibleTo('a.scope')}`),
      members: db.prepare(`SELECT a.id, a.title, a.outlet, a.url, ${articleDateSql('a')} AS date
        FROM article_stories s JOIN articles a ON a.id = s.article_id
        WHERE s.story_id = @story AND ${visibleTo('a.scope')} ORDER BY coalesce(a.outlet, ''), date, a.id`),
      unplaced: db.prepare(`SELECT a.id, a.scope, a.title, a.lead, a.published, a.added_at FROM articles a
        LEFT JOIN article_stories s ON s.article_id = a.id WHERE s.article_id IS NULL
        ORDER BY ${articleDateSql('a')}, a.id`),
    };
  }

  /** The placements stored in the scope on those days, day by day. */
  private readonly readDays = (scope: string, days: number[]): StoredRow[] =>
    days.flatMap((day) => this.statements.day.all(scope, day) as StoredRow[]);

  /**
   * Places an article just stored (inside the ingest transaction): the story it joins, or its own id.
   * A guild's article is compared with the guild's stories and the shared ones.
   */
  place(scope: Scope, article: StoryArticle): number {
    const row = this.placer.place(scope, article, this.readDays);
    this.statements.insert.run(row.articleId, row.scope, row.story, row.day, row.signature);
    return row.story;
  }

  /** The story of each article (articles never placed are missing from the map). */
  storiesOf(ids: readonly number[], scope: Scope): Map<number, number> {
    this.catchUp();
    const rows = this.statements.storyOf.all({ ids: JSON.stringify(ids), scope: scopeKey(scope) }) as { article_id: number; story_id: number }[];
    return new Map(rows.map((r) => [r.article_id, r.story_id]));
  }

  /** The articles of a story that the scope can see, by outlet. */
  members(story: number, scope: Scope): StoryMember[] {
    this.catchUp();
    return this.statements.members.all({ story, scope: scopeKey(scope) }) as StoryMember[];
  }

  /** Once per process, before the first read or placement: articles stored without a story get one. */
  catchUp(): void {
    if (this.caughtUp) return;
    this.caughtUp = true;
    this.placeMissing();
  }

  /**
   * Places the articles stored before stories were kept (or by another process), oldest first, with
   * signatures read from their titles and leads. Returns how many were placed.
   */
  placeMissing(): number {
    const rows = this.statements.unplaced.all() as UnplacedRow[];
    if (rows.length === 0) return 0;
    const run = (): void => {
      for (const row of rows) {
        const { scope, article } = unplacedArticle(row);
        this.place(scope, article);
      }
    };
    if (this.db.inTransaction) run();
    else {
      try {
        this.db.transaction(run).immediate();
      } catch (error) {
        // Rolled back: what it placed is in no table, so it must not be in the index either.
        this.placer.reset();
        throw error;
      }
    }
    return rows.length;
  }
}
