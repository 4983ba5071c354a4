// Stories kept at ingest: each new article joins the story of the earlier article it reports the same
// occurrence as, or starts one (src/nlp/cluster.ts decides; migration 010 keeps the result). /topic,
// the digest and the summary view read the stories from here, so they agree with each other and with
// `brief clusters`.
//
// Placing needs the articles of the neighbouring days in memory: a StoryIndex per scope, filled a day
// at a time from article_stories the first time a day is needed, so one placement costs a few index
// look-ups however large the store. A guild's article may join a shared story (the guild sees both);
// a shared article never joins a guild's story. Another process writing the same file is not seen by
// this one's index until restart: its articles are still stored and grouped, just not joined to.
import { DEFAULT_STORY_MODEL, DocumentFrequencies, type PlacedArticle, type Placement, StoryIndex, type StoryModel } from '../nlp/cluster.ts';
import { dayNumber, eventSignature } from '../nlp/signature.ts';
import type { EventSignature } from '../domain/analysis.ts';
import { articleDateSql, visibleTo } from './rules.ts';
import { type Scope, scopeKey, scopeOfKey, SHARED } from '../domain/scope.ts';
import type { Db } from './db.ts';
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

export interface StoryMember {
  id: number;
  title: string;
  outlet: string | null;
  url: string | null;
  date: string;
}

export interface StoredRow {
  id: number;
  title: string;
  lead: string;
  published: string | null;
  added_at: string;
  story_id: number;
  signature: string;
}

/** The day an article counts under: when it was published, else when it arrived. */
export function placementDay(published: string | null, addedAt: string): number {
  return dayNumber(published) ?? dayNumber(addedAt) ?? 0;
}

export class StoryStore {
  private readonly statements;
  private readonly df = new DocumentFrequencies();
  private readonly indexes = new Map<string, StoryIndex>();
  private readonly loaded = new Map<string, Set<number>>();
  private caughtUp = false;

  constructor(private readonly db: Db, private readonly model: StoryModel = DEFAULT_STORY_MODEL) {
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

  private index(scope: string): StoryIndex {
    let index = this.indexes.get(scope);
    if (!index) {
      index = new StoryIndex(this.model, this.df);
      this.indexes.set(scope, index);
      this.loaded.set(scope, new Set());
    }
    return index;
  }

  /** Brings the stored articles of the days around `day` into the scope's index. */
  private load(scope: string, day: number): StoryIndex {
    const index = this.index(scope);
    const loaded = this.loaded.get(scope)!;
    for (let d = day - this.model.maxDayGap; d <= day + this.model.maxDayGap; d++) {
      if (loaded.has(d)) continue;
      loaded.add(d);
      for (const row of this.statements.day.all(scope, d) as StoredRow[]) {
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
    return index;
  }

  /**
   * Places an article just stored (inside the ingest transaction): the story it joins, or its own id.
   * A guild's article is compared with the guild's stories and the shared ones.
   */
  place(scope: Scope, article: StoryArticle): number {
    const key = scopeKey(scope);
    const day = placementDay(article.published, article.addedAt);
    const own = this.load(key, day);
    const item = { id: article.id, title: article.title, lead: article.lead, published: articleDate(article), signature: article.signature };
    const prepared: PlacedArticle = own.prepare(item);
    let best: Placement = own.match(prepared);
    if (key !== SHARED) {
      const shared = this.load(SHARED, day).match(prepared);
      if (shared.joined !== null && (best.joined === null || shared.score > best.score)) best = shared;
    }
    prepared.story = best.story;
    own.insert(prepared);
    const story = Number(best.story);
    this.statements.insert.run(article.id, key, story, day, JSON.stringify(article.signature));
    return story;
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
    const rows = this.statements.unplaced.all() as { id: number; scope: string; title: string; lead: string; published: string | null; added_at: string }[];
    if (rows.length === 0) return 0;
    const run = (): void => {
      for (const row of rows) {
        const signature = eventSignature({ title: row.title, leadSentences: [row.lead], published: row.published, body: '', printed: false, dateline: null });
        this.place(scopeOfKey(row.scope), { id: row.id, title: row.title, lead: row.lead, published: row.published, addedAt: row.added_at, signature });
      }
    };
    if (this.db.inTransaction) run();
    else this.db.transaction(run).immediate();
    return rows.length;
  }
}
