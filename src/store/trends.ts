// The articles a trend chart counts: every match of a topic or a search in a window of days. /topic's
// find() keeps only the best few; a chart needs every match of every day. Matches come back as small
// rows (id, day, relevance), since a 90-day chart of five busy topics reads tens of thousands; the
// text story grouping compares, and what the chart names, are read only for the articles that need it.
import { articleDateSql, visibleTo } from './rules.ts';
import { type Scope, scopeKey } from '../domain/scope.ts';
import type { Db } from './db.ts';
import type { StoryMatch } from './topics.ts';

export interface TrendMatch {
  id: number;
  /** YYYY-MM-DD of publication, else of arrival. */
  day: string;
  /** Tag score, or -bm25: larger is more relevant. */
  relevance: number;
  /** The story it was placed in at ingest, or null when not placed yet. */
  story: number | null;
}

export interface TrendArticle {
  id: number;
  title: string;
  lead: string;
  url: string | null;
  outlet: string | null;
  published: string | null;
}

/** First and last day of a window, both included, as YYYY-MM-DD. */
export interface DayRange {
  first: string;
  last: string;
}

const VISIBLE = visibleTo('a.scope');
const DATE = articleDateSql('a');
/** bm25 weights of the title and body columns, as /topic ranks them. */
const BM25 = 'bm25(articles_fts, 4.0, 1.0)';
/** Text comparison on the date: '2026-01-02T…' sorts after '2026-01-02', so the end bound is the next day. */
const IN_WINDOW = `${DATE} >= @first AND ${DATE} < @afterLast`;

export class TrendStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      byTopic: db.prepare(`SELECT a.id, substr(${DATE}, 1, 10) AS day, t.score AS relevance, s.story_id FROM articles a
        JOIN article_topics t ON t.article_id = a.id AND t.topic_id = @topicId
        LEFT JOIN article_stories s ON s.article_id = a.id
        WHERE ${VISIBLE} AND ${IN_WINDOW}`).raw(),
      // As in TopicStore: every article of the window has an id >= firstId, which lets FTS5 seek.
      firstId: db.prepare(`SELECT min(a.id) AS id FROM articles a WHERE ${VISIBLE} AND ${IN_WINDOW}`),
      byFts: db.prepare(`SELECT a.id, substr(${DATE}, 1, 10) AS day, -${BM25} AS relevance, s.story_id FROM articles_fts f
        JOIN articles a ON a.id = f.rowid
        LEFT JOIN article_stories s ON s.article_id = a.id
        WHERE articles_fts MATCH @fts AND f.rowid >= @firstId AND ${VISIBLE} AND ${IN_WINDOW}`).raw(),
      articles: db.prepare(`SELECT id, title, lead, coalesce(canonical_url, url) AS url, outlet, published FROM articles
        WHERE id IN (SELECT value FROM json_each(@ids)) AND ${visibleTo('scope')}`),
    };
  }

  /**
   * Every article matching in the window, oldest day first, best first within a day, with its story
   * (call StoryStore.catchUp first, so articles stored before stories existed have one).
   */
  matches(scope: Scope, match: StoryMatch, days: DayRange): TrendMatch[] {
    const parameters = { scope: scopeKey(scope), first: days.first, afterLast: nextDay(days.last) };
    let rows: [id: number, day: string, relevance: number, story: number | null][];
    if ('topicId' in match) {
      rows = this.statements.byTopic.all({ ...parameters, topicId: match.topicId }) as typeof rows;
    } else {
      const firstId = (this.statements.firstId.get(parameters) as { id: number | null }).id;
      rows = firstId === null ? [] : (this.statements.byFts.all({ ...parameters, firstId, fts: match.fts }) as typeof rows);
    }
    return rows
      .map(([id, day, relevance, story]) => ({ id, day, relevance, story }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : b.relevance - a.relevance || b.id - a.id));
  }

  /** Title, lead, link and outlet of these articles, in the order of `ids`. */
  articles(ids: number[], scope: Scope): TrendArticle[] {
    const byId = new Map((this.statements.articles.all({ ids: JSON.stringify(ids), scope: scopeKey(scope) }) as TrendArticle[]).map((a) => [a.id, a]));
    return ids.map((id) => byId.get(id)).filter((a): a is TrendArticle => a !== undefined);
  }
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
