// Digest settings per guild, the (guild, slot) claims that make each digest post exactly once, and
// the bulk read of what a digest window contains. Claims are taken in write transactions (BEGIN
// IMMEDIATE), so two processes on one file queue on the busy timeout and one of them wins; what a
// claim decides is claim-judge.ts's, shared with PostgreSQL.
import { heldElsewhere, HELD_STATES, judgeClaim } from './claim-judge.ts';
import { type Reply, repliesFromJson, repliesToJson } from '../reply.ts';
import type { Db } from './db.ts';
import { attributedSql, visibleTo } from './rules.ts';
import { type Scope, scopeKey } from '../domain/scope.ts';

export interface DigestSettings {
  /** A guild id, or 'shared' for the default digest (console, .env). */
  guild: string;
  channelId: string | null;
  cron: string;
  timezone: string;
  /** Topic ids to keep; empty keeps every topic. */
  topics: string[];
  maxStories: number;
  enabled: boolean;
  updatedAt: string;
}

export type SlotState = 'claimed' | 'posted' | 'failed' | 'skipped';

export interface SlotRecord {
  guild: string;
  slot: string;
  state: SlotState;
  owner: string | null;
  leaseUntil: string | null;
  attempts: number;
  late: boolean;
  channelId: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  payload: Reply[] | null;
  /** Message ids of each posted part, in order; parts not yet posted are absent. */
  messageIds: string[][];
  /** Ids of the messages that landed of the part being posted (the one after `messageIds`). */
  partialIds: string[];
  postedAt: string | null;
  error: string | null;
}

export type ClaimOutcome =
  | { kind: 'claimed'; record: SlotRecord }
  /** Posted or skipped already: nothing to do. */
  | { kind: 'done'; record: SlotRecord }
  /** Another live process holds it until `leaseUntil`. */
  | { kind: 'busy'; leaseUntil: string }
  /** Claimed alone, while another slot of the guild is being posted by a live process. */
  | { kind: 'elsewhere' };

/** One article inside a digest window: what ranking needs before anything is shortlisted. */
export interface WindowArticle {
  id: number;
  published: string | null;
  addedAt: string;
  /** It has a quotation with a known speaker. */
  quoted: boolean;
  topics: { topicId: string; score: number }[];
}

/** What a shortlisted article adds: how it reads (for clustering) and where it came from. */
export interface ArticleDetails {
  title: string;
  outlet: string | null;
  url: string | null;
  /** The story's lead (storyLead, stored at ingest). */
  lead: string;
}

export interface SettingsRow {
  guild: string;
  channel_id: string | null;
  cron: string;
  timezone: string;
  topics: string;
  max_stories: number;
  enabled: number;
  updated_at: string;
}

export interface SlotRow {
  guild: string;
  slot: string;
  state: SlotState;
  owner: string | null;
  lease_until: string | null;
  attempts: number;
  late: number;
  channel_id: string | null;
  window_start: string | null;
  window_end: string | null;
  payload: string | null;
  message_ids: string;
  partial_ids: string;
  posted_at: string | null;
  error: string | null;
}

export function toSettings(row: SettingsRow): DigestSettings {
  return {
    guild: row.guild,
    channelId: row.channel_id,
    cron: row.cron,
    timezone: row.timezone,
    topics: JSON.parse(row.topics) as string[],
    maxStories: row.max_stories,
    enabled: row.enabled === 1,
    updatedAt: row.updated_at,
  };
}

export function toSlot(row: SlotRow): SlotRecord {
  return {
    guild: row.guild,
    slot: row.slot,
    state: row.state,
    owner: row.owner,
    leaseUntil: row.lease_until,
    attempts: row.attempts,
    late: row.late === 1,
    channelId: row.channel_id,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    payload: row.payload === null ? null : repliesFromJson(row.payload),
    messageIds: JSON.parse(row.message_ids) as string[][],
    partialIds: JSON.parse(row.partial_ids) as string[],
    postedAt: row.posted_at,
    error: row.error,
  };
}

// The window: added after @since and up to @until, visible to @scope, and not an archive piece that
// was only ingested now (published before @publishedFrom). The unary + keeps SQLite from answering
// by scope, which would read every article a scope ever had; the time range is the narrow side.
const IN_WINDOW = `added_at > @since AND added_at <= @until
    AND ${visibleTo('+scope')}
    AND (published IS NULL OR published >= @publishedFrom)`;
const WINDOW = `SELECT id FROM articles WHERE ${IN_WINDOW}`;

export class DigestStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      settings: db.prepare('SELECT * FROM guild_settings WHERE guild = ?'),
      allSettings: db.prepare('SELECT * FROM guild_settings ORDER BY guild'),
      putSettings: db.prepare(`INSERT INTO guild_settings (guild, channel_id, cron, timezone, topics, max_stories, enabled, updated_at)
        VALUES (@guild, @channelId, @cron, @timezone, @topics, @maxStories, @enabled, @updatedAt)
        ON CONFLICT (guild) DO UPDATE SET channel_id = excluded.channel_id, cron = excluded.cron, timezone = excluded.timezone,
          topics = excluded.topics, max_stories = excluded.max_stories, enabled = excluded.enabled, updated_at = excluded.updated_at`),
      slot: db.prepare('SELECT * FROM digest_slots WHERE guild = ? AND slot = ?'),
      insertClaim: db.prepare(`INSERT INTO digest_slots (guild, slot, state, owner, lease_until, attempts, late)
        VALUES (@guild, @slot, 'claimed', @owner, @leaseUntil, 1, @late)`),
      reclaim: db.prepare(`UPDATE digest_slots SET state = 'claimed', owner = @owner, lease_until = @leaseUntil, attempts = attempts + 1
        WHERE guild = @guild AND slot = @slot`),
      setPayload: db.prepare(`UPDATE digest_slots SET payload = @payload, channel_id = @channelId, window_start = @windowStart, window_end = @windowEnd
        WHERE guild = @guild AND slot = @slot AND owner = @owner AND state = 'claimed'`),
      recordPart: db.prepare(`UPDATE digest_slots SET message_ids = @messageIds, partial_ids = @partialIds
        WHERE guild = @guild AND slot = @slot AND owner = @owner AND state = 'claimed'`),
      markPosted: db.prepare(`UPDATE digest_slots SET state = 'posted', posted_at = @now, lease_until = NULL, error = NULL
        WHERE guild = @guild AND slot = @slot AND owner = @owner AND state = 'claimed'`),
      release: db.prepare(`UPDATE digest_slots SET state = 'failed', lease_until = @retryUntil, error = @error
        WHERE guild = @guild AND slot = @slot AND owner = @owner AND state = 'claimed'`),
      insertSkipped: db.prepare(`INSERT OR IGNORE INTO digest_slots (guild, slot, state, late, error)
        VALUES (@guild, @slot, 'skipped', 1, @reason)`),
      lastPosted: db.prepare(`SELECT * FROM digest_slots WHERE guild = ? AND state = 'posted' ORDER BY slot DESC LIMIT 1`),
      // A failed attempt waiting for its retry keeps a lease until then: it is still being posted.
      liveClaimsElsewhere: db.prepare(`SELECT owner FROM digest_slots WHERE guild = ? AND slot <> ? AND state IN ${HELD_STATES} AND lease_until > ?`),
      earliestSlot: db.prepare('SELECT * FROM digest_slots WHERE guild = ? ORDER BY slot LIMIT 1'),
      // Composed and being posted (or waiting for a retry), by a live process or a dead one.
      unfinished: db.prepare(`SELECT * FROM digest_slots WHERE guild = ? AND slot >= ? AND payload IS NOT NULL
        AND (state = 'claimed' OR (state = 'failed' AND lease_until IS NOT NULL)) ORDER BY slot`),
      // Answered from the window index alone, plus one probe of the quotes' primary key per article.
      candidates: db.prepare(`SELECT id, published, added_at AS addedAt,
          EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id AND ${attributedSql('q')}) AS quoted
        FROM articles a WHERE ${IN_WINDOW}`),
      details: db.prepare(`SELECT id, title, outlet, url, lead FROM articles WHERE id IN (SELECT value FROM json_each(@ids)) AND ${visibleTo('scope')}`),
      topics: db.prepare(`SELECT article_id AS id, topic_id AS topicId, score FROM article_topics
        WHERE article_id IN (${WINDOW})`),
    };
  }

  settings(guild: string): DigestSettings | null {
    const row = this.statements.settings.get(guild) as SettingsRow | undefined;
    return row ? toSettings(row) : null;
  }

  allSettings(): DigestSettings[] {
    return (this.statements.allSettings.all() as SettingsRow[]).map(toSettings);
  }

  putSettings(settings: DigestSettings): void {
    this.statements.putSettings.run({
      ...settings,
      topics: JSON.stringify(settings.topics),
      enabled: settings.enabled ? 1 : 0,
    });
  }

  slot(guild: string, slot: string): SlotRecord | null {
    const row = this.statements.slot.get(guild, slot) as SlotRow | undefined;
    return row ? toSlot(row) : null;
  }

  /**
   * Claims (guild, slot) for `owner` until `leaseUntil`. A slot nobody has, one whose last attempt
   * failed, or one whose holder crashed between claim and post (its lease ran out, or `isGone` knows
   * its process is dead) is claimed; a posted or skipped slot is done; a live claim of another
   * process is busy. With `alone`, a slot is claimed only while no other slot of the guild is held
   * by a live process (`elsewhere`): checked in the same transaction as the claim, so two processes
   * pressing /digest-admin now in the same instant cannot both get through.
   */
  claim(
    guild: string,
    slot: string,
    owner: string,
    now: string,
    leaseUntil: string,
    late: boolean,
    isGone: (holder: string) => boolean = () => false,
    alone = false,
  ): ClaimOutcome {
    const claimant = { owner, now, isGone };
    return this.db.transaction((): ClaimOutcome => {
      if (alone && heldElsewhere(this.statements.liveClaimsElsewhere.all(guild, slot, now) as { owner: string | null }[], claimant)) return { kind: 'elsewhere' };
      const verdict = judgeClaim(this.slot(guild, slot), claimant);
      if (verdict.kind === 'done' || verdict.kind === 'busy') return verdict;
      if (verdict.kind === 'take') this.statements.insertClaim.run({ guild, slot, owner, leaseUntil, late: late ? 1 : 0 });
      else this.statements.reclaim.run({ guild, slot, owner, leaseUntil });
      return { kind: 'claimed', record: this.slot(guild, slot)! };
    }).immediate();
  }

  /** Stores the composed digest with the claim; false if the claim was lost meanwhile. */
  setPayload(guild: string, slot: string, owner: string, payload: Reply[], channelId: string, window: { start: string; end: string }): boolean {
    return this.statements.setPayload.run({
      guild, slot, owner, payload: repliesToJson(payload), channelId, windowStart: window.start, windowEnd: window.end,
    }).changes > 0;
  }

  /**
   * Records the ids of every part posted so far, and of the messages that landed of the part being
   * posted; false if the claim was lost.
   */
  recordParts(guild: string, slot: string, owner: string, messageIds: string[][], partialIds: string[] = []): boolean {
    return this.statements.recordPart.run({ guild, slot, owner, messageIds: JSON.stringify(messageIds), partialIds: JSON.stringify(partialIds) }).changes > 0;
  }

  /** Slots since `since` whose digest was composed but not finished: claimed, or failed with a retry due. */
  unfinished(guild: string, since: string): SlotRecord[] {
    return (this.statements.unfinished.all(guild, since) as SlotRow[]).map(toSlot);
  }

  markPosted(guild: string, slot: string, owner: string, now: string): boolean {
    return this.statements.markPosted.run({ guild, slot, owner, now }).changes > 0;
  }

  /**
   * Gives the claim back after a failed attempt, so this or another process can retry it. With
   * `retryUntil` the owner means to retry by then, and /digest-admin now waits for it (claim with `alone`).
   */
  release(guild: string, slot: string, owner: string, error: string, retryUntil: string | null = null): void {
    this.statements.release.run({ guild, slot, owner, error, retryUntil });
  }

  /** Records that an old missed slot was deliberately not posted (no-op if the slot has a row). */
  skip(guild: string, slot: string, reason: string): void {
    this.statements.insertSkipped.run({ guild, slot, reason });
  }

  lastPosted(guild: string): SlotRecord | null {
    const row = this.statements.lastPosted.get(guild) as SlotRow | undefined;
    return row ? toSlot(row) : null;
  }

  earliestSlot(guild: string): SlotRecord | null {
    const row = this.statements.earliestSlot.get(guild) as SlotRow | undefined;
    return row ? toSlot(row) : null;
  }

  /**
   * Every article of the window (in no particular order: ranking orders them), whether it quotes a
   * named speaker, and its topics: two indexed reads whatever the number of articles.
   */
  candidates(scope: Scope, window: { since: string; until: string; publishedFrom: string }): WindowArticle[] {
    const params = { scope: scopeKey(scope), ...window };
    const rows = this.statements.candidates.all(params) as { id: number; published: string | null; addedAt: string; quoted: number }[];
    const topics = new Map<number, WindowArticle['topics']>();
    for (const { id, topicId, score } of this.statements.topics.all(params) as { id: number; topicId: string; score: number }[]) {
      const tags = topics.get(id);
      if (tags) tags.push({ topicId, score });
      else topics.set(id, [{ topicId, score }]);
    }
    return rows.map((row) => ({ ...row, quoted: row.quoted === 1, topics: topics.get(row.id) ?? [] }));
  }

  /** Titles, outlets, links and leads: asked only for the shortlisted few. */
  details(articleIds: number[], scope: Scope): Map<number, ArticleDetails> {
    const details = new Map<number, ArticleDetails>();
    for (const row of this.statements.details.all({ ids: JSON.stringify(articleIds), scope: scopeKey(scope) }) as ({ id: number } & ArticleDetails)[]) {
      details.set(row.id, { title: row.title, outlet: row.outlet, url: row.url, lead: row.lead });
    }
    return details;
  }
}
