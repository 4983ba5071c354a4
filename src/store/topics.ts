// Finding the stories on a topic or a free-text query, among the articles a scope can see, ranked by
// relevance and recency; and the topics a guild's admins added. Shared topics are tagged at ingest
// (article_topics); a guild topic is added later, over articles already stored, so it is answered
// by full-text search over its aliases instead.
import { words } from '../nlp/tokens.ts';
import { articleDateSql, visibleTo } from './rules.ts';
import { type Scope, scopeKey } from '../domain/scope.ts';
import type { Db } from './db.ts';
import { DAY_MS } from '../time.ts';

export interface GuildTopic {
  scope: string;
  id: string;
  label: string;
  aliases: string[];
}

/** What to look for: a tagged topic, or an FTS5 query (see ftsQuery and aliasQuery). */
export type StoryMatch = { topicId: string } | { fts: string };

export interface StoryWindow {
  /** Earliest date included, ISO 8601 (compared as text against published, else added_at). */
  since: string;
  /** The instant recency is measured from. */
  now: Date;
  /** Age at which recency halves a story's weight. */
  halfLifeDays: number;
}

export interface StoryFindings {
  /** The best stories, best first. */
  stories: RankedStory[];
  /** Matching articles per day (days with none are left out), oldest first. */
  perDay: { day: string; n: number }[];
  total: number;
}

export interface RankedStory {
  id: number;
  title: string;
  outlet: string | null;
  date: string;
  /** Tag score, or -bm25: larger is more relevant. */
  relevance: number;
  /** relevance × recency: the order stories are shown in. */
  score: number;
  /**
   * For a tagged topic: the sentence (index) that shows the story is about it, HEADLINE_EVIDENCE when
   * the headline did; null for a search or a tag stored before evidence was kept.
   */
  evidence: number | null;
}

/** bm25 weights of the title and body columns: a word in the headline says more. */
const BM25 = 'bm25(articles_fts, 4.0, 1.0)';
const VISIBLE = visibleTo('a.scope');
const DATE = articleDateSql('a');

/** Free text as an FTS5 query: each word quoted (no operator injection), all words required. */
export function ftsQuery(text: string): string | null {
  const terms = [...new Set(words(text))].map((w) => `"${w.replace(/"/g, '""')}"`);
  return terms.length ? terms.join(' ') : null;
}

/** A topic's aliases as an FTS5 query: any alias, each as a phrase. */
export function aliasQuery(aliases: string[]): string | null {
  const phrases = aliases.map((alias) => words(alias).map((w) => w.replace(/"/g, '""')).join(' ')).filter(Boolean);
  return phrases.length ? phrases.map((p) => `"${p}"`).join(' OR ') : null;
}

export type MatchRow = [id: number, day: string, relevance: number, evidence?: number | null];

/** The ranking of TopicStore.find, over rows from either engine (recency weighed once per day): relevance × recency halved every halfLifeDays. */
export function rankMatches(rows: MatchRow[], window: StoryWindow, limit: number): { best: number[]; scores: number[]; perDay: { day: string; n: number }[] } {
  const perDay = new Map<string, { n: number; weight: number }>();
  const now = window.now.getTime();
  const scores = rows.map(([, day, relevance]) => {
    let entry = perDay.get(day);
    if (!entry) {
      const ageDays = Math.max(0, (now - Date.parse(day)) / DAY_MS) || 0;
      entry = { n: 0, weight: 0.5 ** (ageDays / window.halfLifeDays) };
      perDay.set(day, entry);
    }
    entry.n++;
    return relevance * entry.weight;
  });
  const best = rows
    .map((_, i) => i)
    .sort((a, b) => scores[b]! - scores[a]! || rows[b]![0] - rows[a]![0])
    .slice(0, limit);
  return { best, scores, perDay: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, { n }]) => ({ day, n })) };
}

export class TopicStore {
  private readonly statements;
  /** Every guild's topics, in memory: autocomplete must answer without touching the disk. */
  private guildTopics = new Map<string, GuildTopic[]>();

  constructor(db: Db) {
    this.statements = {
      // Every match of the window, small rows only: one scan gives both the ranking and the per-day
      // counts; titles are read afterwards for the few stories shown. The scan runs over the topic's
      // tags from the window's first article on (article_topics_topic holds topic_id, article_id), so
      // it costs the topic's matches, not every article of the window: most topics are rare.
      byTopic: db.prepare(`SELECT a.id, substr(${DATE}, 1, 10) AS day, t.score AS relevance, t.evidence FROM article_topics t
        CROSS JOIN articles a ON a.id = t.article_id
        WHERE t.topic_id = @topicId AND t.article_id >= @firstId AND ${VISIBLE} AND ${DATE} >= @since`).raw(),
      // Every article of the window has an id >= firstId, and FTS5 (like the topic index) seeks straight
      // to it, so a common word costs the window's matches rather than the whole collection's. Articles mostly
      // arrive in date order, which is what makes the bound tight.
      firstId: db.prepare(`SELECT min(a.id) AS id FROM articles a WHERE ${VISIBLE} AND ${DATE} >= @since`),
      byFts: db.prepare(`SELECT a.id, substr(${DATE}, 1, 10) AS day, -${BM25} AS relevance FROM articles_fts f
        JOIN articles a ON a.id = f.rowid
        WHERE articles_fts MATCH @fts AND f.rowid >= @firstId AND ${VISIBLE} AND ${DATE} >= @since`).raw(),
      details: db.prepare(`SELECT id, title, outlet, ${DATE} AS date FROM articles a WHERE id IN (SELECT value FROM json_each(@ids))`),
      leads: db.prepare(`SELECT id, lead FROM articles WHERE id IN (SELECT value FROM json_each(@ids)) AND ${visibleTo('scope')}`),
      addTopic: db.prepare(`INSERT INTO guild_topics (scope, id, label, aliases, added_by, added_at)
        VALUES (@scope, @id, @label, @aliases, @addedBy, @addedAt)`),
      removeTopic: db.prepare('DELETE FROM guild_topics WHERE scope = ? AND id = ?'),
      allTopics: db.prepare('SELECT scope, id, label, aliases FROM guild_topics ORDER BY scope, id'),
    };
    this.reloadGuildTopics();
  }

  private reloadGuildTopics(): void {
    this.guildTopics.clear();
    for (const row of this.statements.allTopics.all() as { scope: string; id: string; label: string; aliases: string }[]) {
      const list = this.guildTopics.get(row.scope) ?? [];
      list.push({ scope: row.scope, id: row.id, label: row.label, aliases: JSON.parse(row.aliases) as string[] });
      this.guildTopics.set(row.scope, list);
    }
  }

  /**
   * The matches of the window: the best `limit` by relevance times recency (a story loses half its
   * weight every `halfLifeDays`), and how many there are each day.
   */
  find(scope: Scope, match: StoryMatch, window: StoryWindow, limit: number): StoryFindings {
    const parameters = { scope: scopeKey(scope), since: window.since };
    // Rows as arrays: a long window returns thousands, and this runs inside Discord's 3 s.
    let rows: MatchRow[];
    const firstId = (this.statements.firstId.get(parameters) as { id: number | null }).id;
    if (firstId === null) rows = [];
    else if ('topicId' in match) rows = this.statements.byTopic.all({ ...parameters, firstId, topicId: match.topicId }) as typeof rows;
    else rows = this.statements.byFts.all({ ...parameters, firstId, fts: match.fts }) as typeof rows;
    const { best, scores, perDay } = rankMatches(rows, window, limit);
    const details = new Map((this.statements.details.all({ ids: JSON.stringify(best.map((i) => rows[i]![0])) }) as Omit<RankedStory, 'relevance' | 'score' | 'evidence'>[])
      .map((d) => [d.id, d]));
    return {
      stories: best.map((i) => ({ ...details.get(rows[i]![0])!, relevance: rows[i]![2], score: scores[i]!, evidence: rows[i]![3] ?? null })),
      perDay,
      total: rows.length,
    };
  }

  /** Each article's lead (storyLead, stored at ingest): what clustering compares besides titles. */
  leads(ids: number[], scope: Scope): Map<number, string> {
    const rows = this.statements.leads.all({ ids: JSON.stringify(ids), scope: scopeKey(scope) }) as { id: number; lead: string }[];
    return new Map(rows.map((r) => [r.id, r.lead]));
  }


  /** The topics the guild's admins added (none for the shared scope: those are in TOPICS_PATH). */
  guildTopicsOf(scope: Scope): GuildTopic[] {
    return scope === null ? [] : (this.guildTopics.get(scopeKey(scope)) ?? []);
  }

  /** Adds a guild topic; false when the guild already has one with that id. */
  addGuildTopic(scope: string, topic: Omit<GuildTopic, 'scope'>, addedBy: string, addedAt: Date): boolean {
    if (this.guildTopicsOf(scope).some((t) => t.id === topic.id)) return false;
    this.statements.addTopic.run({ scope, id: topic.id, label: topic.label, aliases: JSON.stringify(topic.aliases), addedBy, addedAt: addedAt.toISOString() });
    this.reloadGuildTopics();
    return true;
  }

  removeGuildTopic(scope: string, id: string): boolean {
    const removed = this.statements.removeTopic.run(scope, id).changes > 0;
    if (removed) this.reloadGuildTopics();
    return removed;
  }
}
