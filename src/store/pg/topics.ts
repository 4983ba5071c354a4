// TopicStore on PostgreSQL: tagged topics through article_topics, free text and guild topics through
// the tsvector index (search.ts). Commands read guild topics from the database each time: another
// process (another shard, another machine) may have added one. Autocomplete reads them at most every
// few seconds (suggestions.ts).
import { type Scope, scopeKey } from '../../domain/scope.ts';
import type { AsyncTopicStore } from '../engine.ts';
import { type GuildTopic, type MatchRow, rankMatches, type RankedStory, type StoryFindings, type StoryMatch, type StoryWindow } from '../topics.ts';
import type { Queryable } from './db.ts';
import { rank, tsQuery } from './search.ts';
import { visibleTo } from './sql.ts';
import { Suggestions } from './suggestions.ts';
import { articleDateSql } from '../rules.ts';

const DATE = articleDateSql('a');

export class PgTopicStore implements AsyncTopicStore {
  /** `suggestions` is the engine's: a transaction's families share it. */
  constructor(private readonly db: Queryable, private readonly suggestions: Suggestions = new Suggestions()) {}

  async find(scope: Scope, match: StoryMatch, window: StoryWindow, limit: number): Promise<StoryFindings> {
    const rows = 'topicId' in match
      ? (await this.db.query<MatchRow>({
          // As SQLite's: the topic's tags from the window's first article on (article_topics_topic_article,
          // migration 005, holds topic_id, article_id), so the join hashes the window's share of the
          // topic's tags rather than all of them. OFFSET 0 keeps min(id) an aggregate over the window's
          // index entries: as a bare min() over articles the planner walks the primary key from id 1,
          // filtering by date, which reads every older article.
          text: `SELECT a.id, substr(${DATE}, 1, 10) AS day, t.score AS relevance, t.evidence FROM article_topics t
            JOIN articles a ON a.id = t.article_id
            WHERE t.topic_id = $3 AND t.article_id >= (SELECT min(w.id) FROM (SELECT id FROM articles a WHERE ${visibleTo('a.scope', 1)} AND ${DATE} >= $2 OFFSET 0) w)
              AND ${visibleTo('a.scope', 1)} AND ${DATE} >= $2`,
          values: [scopeKey(scope), window.since, match.topicId],
          rowMode: 'array',
        })).rows
      : (await this.db.query<MatchRow>({
          text: `SELECT a.id, substr(${DATE}, 1, 10) AS day, ${rank('a.search', 3)} AS relevance FROM articles a
            WHERE a.search @@ ${tsQuery(3)} AND ${visibleTo('a.scope', 1)} AND ${DATE} >= $2`,
          values: [scopeKey(scope), window.since, match.fts],
          rowMode: 'array',
        })).rows;
    const { best, scores, perDay } = rankMatches(rows, window, limit);
    const { rows: details } = await this.db.query<Omit<RankedStory, 'relevance' | 'score' | 'evidence'>>(
      `SELECT id, title, outlet, ${DATE} AS date FROM articles a WHERE id = ANY($1::int[])`,
      [best.map((i) => rows[i]![0])],
    );
    const byId = new Map(details.map((d) => [d.id, d]));
    return {
      stories: best.map((i) => ({ ...byId.get(rows[i]![0])!, relevance: rows[i]![2], score: scores[i]!, evidence: rows[i]![3] ?? null })),
      perDay,
      total: rows.length,
    };
  }

  async leads(ids: number[], scope: Scope): Promise<Map<number, string>> {
    const { rows } = await this.db.query<{ id: number; lead: string }>(
      `SELECT id, lead FROM articles WHERE id = ANY($1::int[]) AND ${visibleTo('scope', 2)}`,
      [ids, scopeKey(scope)],
    );
    return new Map(rows.map((r) => [r.id, r.lead]));
  }

  /** The guild's own topics as the database has them now (commands). */
  async guildTopicsOf(scope: Scope): Promise<GuildTopic[]> {
    if (scope === null) return [];
    const readAt = this.suggestions.now();
    const changes = this.suggestions.guildTopicChanges;
    const { rows } = await this.db.query<{ scope: string; id: string; label: string; aliases: string }>(
      'SELECT scope, id, label, aliases FROM guild_topics WHERE scope = $1 ORDER BY id',
      [scopeKey(scope)],
    );
    const topics = rows.map((r) => ({ scope: r.scope, id: r.id, label: r.label, aliases: JSON.parse(r.aliases) as string[] }));
    if (changes === this.suggestions.guildTopicChanges) this.suggestions.guildTopics.set(scopeKey(scope), { topics, readAt });
    return topics;
  }

  /** guildTopicsOf for autocomplete: as read at most the suggestions' TTL ago. */
  async guildTopicSuggestions(scope: Scope): Promise<GuildTopic[]> {
    if (scope === null) return [];
    const kept = this.suggestions.guildTopics.get(scopeKey(scope));
    return kept && this.suggestions.fresh(kept.readAt) ? kept.topics : this.guildTopicsOf(scope);
  }

  /** Adds a guild topic; false when the guild already has one with that id (the primary key decides). */
  async addGuildTopic(scope: string, topic: Omit<GuildTopic, 'scope'>, addedBy: string, addedAt: Date): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `INSERT INTO guild_topics (scope, id, label, aliases, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (scope, id) DO NOTHING`,
      [scope, topic.id, topic.label, JSON.stringify(topic.aliases), addedBy, addedAt.toISOString()],
    );
    this.suggestions.guildTopicsChanged(scope);
    return (rowCount ?? 0) > 0;
  }

  async removeGuildTopic(scope: string, id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM guild_topics WHERE scope = $1 AND id = $2', [scope, id]);
    this.suggestions.guildTopicsChanged(scope);
    return (rowCount ?? 0) > 0;
  }
}
