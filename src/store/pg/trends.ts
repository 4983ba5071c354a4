// TrendStore on PostgreSQL: every match of a topic or a search in a window of days, with its story.
import { type Scope, scopeKey } from '../articles.ts';
import type { AsyncTrendStore } from '../engine.ts';
import type { StoryMatch } from '../topics.ts';
import type { DayRange, TrendArticle, TrendMatch } from '../trends.ts';
import type { Queryable } from './db.ts';
import { rank, tsQuery } from './search.ts';
import { visibleTo } from './sql.ts';

const DATE = 'coalesce(a.published, a.added_at)';
/** $2 first day, $3 the day after the last: text comparison, as TrendStore's IN_WINDOW. */
const IN_WINDOW = `${DATE} >= $2 AND ${DATE} < $3`;

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export class PgTrendStore implements AsyncTrendStore {
  constructor(private readonly db: Queryable) {}

  async matches(scope: Scope, match: StoryMatch, days: DayRange): Promise<TrendMatch[]> {
    const common = [scopeKey(scope), days.first, nextDay(days.last)];
    type Row = [id: number, day: string, relevance: number, story: number | null];
    const rows = 'topicId' in match
      ? (await this.db.query<Row>({
          text: `SELECT a.id, substr(${DATE}, 1, 10) AS day, t.score AS relevance, s.story_id FROM articles a
            JOIN article_topics t ON t.article_id = a.id AND t.topic_id = $4
            LEFT JOIN article_stories s ON s.article_id = a.id
            WHERE ${visibleTo('a.scope', 1)} AND ${IN_WINDOW}`,
          values: [...common, match.topicId],
          rowMode: 'array',
        })).rows
      : (await this.db.query<Row>({
          text: `SELECT a.id, substr(${DATE}, 1, 10) AS day, ${rank('a.search', 4)} AS relevance, s.story_id FROM articles a
            LEFT JOIN article_stories s ON s.article_id = a.id
            WHERE a.search @@ ${tsQuery(4)} AND ${visibleTo('a.scope', 1)} AND ${IN_WINDOW}`,
          values: [...common, match.fts],
          rowMode: 'array',
        })).rows;
    return rows
      .map(([id, day, relevance, story]) => ({ id, day, relevance, story }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : b.relevance - a.relevance || b.id - a.id));
  }

  async articles(ids: number[]): Promise<TrendArticle[]> {
    const { rows } = await this.db.query<TrendArticle>(
      'SELECT id, title, lead, coalesce(canonical_url, url) AS url, outlet, published FROM articles WHERE id = ANY($1::int[])',
      [ids],
    );
    const byId = new Map(rows.map((a) => [a.id, a]));
    return ids.map((id) => byId.get(id)).filter((a): a is TrendArticle => a !== undefined);
  }
}
