// TrendStore on PostgreSQL: every match of a topic or a search in a window of days, with its story.
import { type Scope, scopeKey } from '../../domain/scope.ts';
import type { AsyncTrendStore } from '../engine.ts';
import type { StoryMatch } from '../topics.ts';
import type { DayRange, TrendArticle, TrendDay, TrendMatch } from '../trends.ts';
import type { Queryable } from './db.ts';
import { rank, tsQuery } from './search.ts';
import { visibleTo } from './sql.ts';
import { articleDateSql } from '../rules.ts';

const DATE = articleDateSql('a');
/** $2 first day, $3 the day after the last: text comparison, as TrendStore's IN_WINDOW. */
const IN_WINDOW = `${DATE} >= $2 AND ${DATE} < $3`;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export class PgTrendStore implements AsyncTrendStore {
  constructor(private readonly db: Queryable) {}

  /** Articles and distinct stories of each day of the window that has any, oldest first. */
  async days(scope: Scope, match: StoryMatch, days: DayRange): Promise<TrendDay[]> {
    const { text, values } = this.matching(scope, match, days);
    const { rows } = await this.db.query<[day: string, articles: string, stories: string]>({
      text: `SELECT day, sum(articles), count(*) FROM (SELECT day, story, count(*) AS articles FROM (${text}) m GROUP BY day, story) d GROUP BY day ORDER BY day`,
      values,
      rowMode: 'array',
    });
    // sum() of a bigint is numeric, which node-postgres hands over as text (count() is parsed in db.ts).
    return rows.map(([day, articles, stories]) => ({ day, articles: Number(articles), stories: Number(stories) }));
  }

  /** Every article matching in the window, oldest day first, best first within a day, with its story. */
  async matches(scope: Scope, match: StoryMatch, days: DayRange): Promise<TrendMatch[]> {
    const { text, values } = this.matching(scope, match, days);
    const { rows } = await this.db.query<[id: number, day: string, relevance: number, story: number]>({ text, values, rowMode: 'array' });
    return rows
      .map(([id, day, relevance, story]) => ({ id, day, relevance, story }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : b.relevance - a.relevance || b.id - a.id));
  }

  /** The query of (id, day, relevance, story) rows a topic or a search matches in the window. */
  private matching(scope: Scope, match: StoryMatch, days: DayRange): { text: string; values: unknown[] } {
    const common = [scopeKey(scope), days.first, nextDay(days.last)];
    if ('topicId' in match) {
      return {
        text: `SELECT a.id, substr(${DATE}, 1, 10) AS day, t.score AS relevance, s.story_id AS story FROM articles a
          JOIN article_topics t ON t.article_id = a.id AND t.topic_id = $4
          JOIN article_stories s ON s.article_id = a.id
          WHERE ${visibleTo('a.scope', 1)} AND ${IN_WINDOW}`,
        values: [...common, match.topicId],
      };
    }
    return {
      text: `SELECT a.id, substr(${DATE}, 1, 10) AS day, ${rank('a.search', 4)} AS relevance, s.story_id AS story FROM articles a
        JOIN article_stories s ON s.article_id = a.id
        WHERE a.search @@ ${tsQuery(4)} AND ${visibleTo('a.scope', 1)} AND ${IN_WINDOW}`,
      values: [...common, match.fts],
    };
  }

  async articles(ids: number[], scope: Scope): Promise<TrendArticle[]> {
    const { rows } = await this.db.query<TrendArticle>(
      `SELECT id, title, lead, coalesce(canonical_url, url) AS url, outlet, published FROM articles WHERE id = ANY($1::int[]) AND ${visibleTo('scope', 2)}`,
      [ids, scopeKey(scope)],
    );
    const byId = new Map(rows.map((a) => [a.id, a]));
    return ids.map((id) => byId.get(id)).filter((a): a is TrendArticle => a !== undefined);
  }
}
