// The articles a trend chart counts: every match of a topic or a search in a window of days. /topic's
// find() keeps only the best few; a chart needs every match of every day. A 90-day chart of five busy
// topics covers tens of thousands of matches, so the store counts them per day (articles, and
// distinct stories) and hands back whole rows only for the one day whose top story the chart names.
//
// Day, scope and story are read from article_stories, not from the wide articles rows: every stored
// article has its row there (placed at ingest, or by StoryStore.catchUp for older ones), and its `day`
// is the same first ten characters of the publication date, else of the arrival, that /topic uses.
// A topic's matches are walked in article_topics by topic and id, between the lowest and highest id
// stored on the window's days, so a chart reads its topic's articles of the window and few others.
import { type Scope, SHARED, scopeKey } from '../domain/scope.ts';
import { visibleTo } from './rules.ts';
import type { Db } from './db.ts';
import type { StoryMatch } from './topics.ts';
import { dayNumber } from '../nlp/signature.ts';
import { DAY_MS } from '../time.ts';

export interface TrendMatch {
  id: number;
  /** YYYY-MM-DD of publication, else of arrival. */
  day: string;
  /** Tag score, or -bm25: larger is more relevant. */
  relevance: number;
  /** The story it was placed in at ingest. */
  story: number;
}

export interface TrendDay {
  /** YYYY-MM-DD. */
  day: string;
  articles: number;
  /** Distinct stories among the day's articles. */
  stories: number;
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

const VISIBLE = visibleTo('s.scope');
/** bm25 weights of the title and body columns, as /topic ranks them. */
const BM25 = 'bm25(articles_fts, 4.0, 1.0)';
const IN_WINDOW = `${VISIBLE} AND s.day BETWEEN @firstDay AND @lastDay`;
// CROSS JOIN keeps the topic index (or the search) as the outer loop: SQLite would otherwise start
// from the window's days and look every article of them up in article_topics.
const BY_TOPIC = `FROM article_topics t CROSS JOIN article_stories s ON s.article_id = t.article_id
  WHERE t.topic_id = @topicId AND t.article_id BETWEEN @low AND @high AND ${IN_WINDOW}`;
const BY_FTS = `FROM articles_fts f CROSS JOIN article_stories s ON s.article_id = f.rowid
  WHERE articles_fts MATCH @fts AND f.rowid BETWEEN @low AND @high AND ${IN_WINDOW}`;
/** Articles and distinct stories a day: grouped by day and story first, cheaper than count(DISTINCT). */
const perDay = (matches: string): string => `SELECT day, sum(articles), count(*) FROM
  (SELECT s.day AS day, count(*) AS articles ${matches} GROUP BY s.day, s.story_id) GROUP BY day`;
/** The lowest and highest id of a scope's articles on one day: one seek each in article_stories_scope_day. */
const DAY_BOUNDS = (scope: string): string =>
  `SELECT (SELECT min(article_id) FROM article_stories WHERE scope = ${scope} AND day = days.day) AS low,
    (SELECT max(article_id) FROM article_stories WHERE scope = ${scope} AND day = days.day) AS high FROM days`;

type TrendWindow = { scope: string; firstDay: number; lastDay: number };

export class TrendStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      bounds: db.prepare(`WITH RECURSIVE days(day) AS (SELECT @firstDay UNION ALL SELECT day + 1 FROM days WHERE day < @lastDay)
        SELECT min(low) AS low, max(high) AS high FROM (${DAY_BOUNDS(`'${SHARED}'`)} UNION ALL ${DAY_BOUNDS('@scope')})`),
      daysByTopic: db.prepare(perDay(BY_TOPIC)).raw(),
      daysByFts: db.prepare(perDay(BY_FTS)).raw(),
      byTopic: db.prepare(`SELECT t.article_id, s.day, t.score, s.story_id ${BY_TOPIC}`).raw(),
      byFts: db.prepare(`SELECT s.article_id, s.day, -${BM25}, s.story_id ${BY_FTS}`).raw(),
      articles: db.prepare(`SELECT id, title, lead, coalesce(canonical_url, url) AS url, outlet, published FROM articles
        WHERE id IN (SELECT value FROM json_each(@ids)) AND ${visibleTo('scope')}`),
    };
  }

  /** Articles and stories of each day of the window that has any, oldest first (catchUp first, as for matches). */
  days(scope: Scope, match: StoryMatch, days: DayRange): TrendDay[] {
    const rows = this.run('topicId' in match ? this.statements.daysByTopic : this.statements.daysByFts, scope, match, days) as [day: number, articles: number, stories: number][];
    return rows.map(([day, articles, stories]) => ({ day: dayText(day), articles, stories })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  }

  /**
   * Every article matching in the window, oldest day first, best first within a day, with its story
   * (call StoryStore.catchUp first, so articles stored before stories were kept have one).
   */
  matches(scope: Scope, match: StoryMatch, days: DayRange): TrendMatch[] {
    const rows = this.run('topicId' in match ? this.statements.byTopic : this.statements.byFts, scope, match, days) as [id: number, day: number, relevance: number, story: number][];
    return rows
      .map(([id, day, relevance, story]) => ({ id, day: dayText(day), relevance, story }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : b.relevance - a.relevance || b.id - a.id));
  }

  /** Title, lead, link and outlet of these articles, in the order of `ids`. */
  articles(ids: number[], scope: Scope): TrendArticle[] {
    const byId = new Map((this.statements.articles.all({ ids: JSON.stringify(ids), scope: scopeKey(scope) }) as TrendArticle[]).map((a) => [a.id, a]));
    return ids.map((id) => byId.get(id)).filter((a): a is TrendArticle => a !== undefined);
  }

  private run(statement: { all(parameters: object): unknown[] }, scope: Scope, match: StoryMatch, days: DayRange): unknown[] {
    const window: TrendWindow = { scope: scopeKey(scope), firstDay: dayOf(days.first), lastDay: dayOf(days.last) };
    if (window.lastDay < window.firstDay) return [];
    const { low, high } = this.statements.bounds.get(window) as { low: number | null; high: number | null };
    if (low === null || high === null) return [];
    return statement.all({ ...window, low, high, ...('topicId' in match ? { topicId: match.topicId } : { fts: match.fts }) });
  }
}

function dayOf(day: string): number {
  const number = dayNumber(day);
  if (number === null) throw new RangeError(`not a day: ${day}`);
  return number;
}

function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
