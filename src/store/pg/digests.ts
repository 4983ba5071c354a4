// DigestStore on PostgreSQL. A slot is claimed once across processes and machines by the database's
// own guarantees: the (guild, slot) primary key lets one INSERT … ON CONFLICT DO NOTHING win, and a
// slot that exists is judged under its row lock (SELECT … FOR UPDATE), so two claimers of a failed
// or abandoned slot cannot both take it over. A claim `alone` (/digest-admin now) first takes a
// transaction-scoped advisory lock on the guild, so two presses at the same instant, which claim
// different slots (each the moment it was pressed), are judged one after the other: the second sees
// the first's live claim and gets `elsewhere`. What the claim decides is claim-judge.ts's, shared
// with SQLite; only the reads and writes are PostgreSQL's.
import { heldElsewhere, HELD_STATES, judgeClaim } from '../claim-judge.ts';
import { repliesToJson, type Reply } from '../../reply.ts';
import type { ArticleDetails, ClaimOutcome, DigestSettings, SlotRecord, WindowArticle } from '../digests.ts';
import type { AsyncDigestStore } from '../engine.ts';
import type { Queryable } from './db.ts';
import { atomically, visibleTo } from './sql.ts';
import { type Scope, scopeKey } from '../../domain/scope.ts';
import { type SettingsRow, type SlotRow, toSettings, toSlot } from '../digests.ts';
import { attributedSql } from '../rules.ts';

/** The window, parameters $1 since, $2 until, $3 scope, $4 publishedFrom (as DigestStore's IN_WINDOW). */
const IN_WINDOW = `a.added_at > $1 AND a.added_at <= $2 AND ${visibleTo('a.scope', 3)} AND (a.published IS NULL OR a.published >= $4)`;

export class PgDigestStore implements AsyncDigestStore {
  constructor(private readonly db: Queryable) {}

  async settings(guild: string): Promise<DigestSettings | null> {
    const { rows } = await this.db.query<SettingsRow>('SELECT * FROM guild_settings WHERE guild = $1', [guild]);
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async allSettings(): Promise<DigestSettings[]> {
    return (await this.db.query<SettingsRow>('SELECT * FROM guild_settings ORDER BY guild')).rows.map(toSettings);
  }

  async putSettings(settings: DigestSettings): Promise<void> {
    await this.db.query(
      `INSERT INTO guild_settings (guild, channel_id, cron, timezone, topics, max_stories, enabled, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (guild) DO UPDATE SET channel_id = excluded.channel_id, cron = excluded.cron, timezone = excluded.timezone,
         topics = excluded.topics, max_stories = excluded.max_stories, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      [settings.guild, settings.channelId, settings.cron, settings.timezone, JSON.stringify(settings.topics), settings.maxStories, settings.enabled ? 1 : 0, settings.updatedAt],
    );
  }

  async slot(guild: string, slot: string): Promise<SlotRecord | null> {
    const { rows } = await this.db.query<SlotRow>('SELECT * FROM digest_slots WHERE guild = $1 AND slot = $2', [guild, slot]);
    return rows[0] ? toSlot(rows[0]) : null;
  }

  /** As DigestStore.claim; see the top of this file for what makes it once across machines. */
  claim(
    guild: string,
    slot: string,
    owner: string,
    now: string,
    leaseUntil: string,
    late: boolean,
    isGone: (holder: string) => boolean = () => false,
    alone = false,
  ): Promise<ClaimOutcome> {
    const claimant = { owner, now, isGone };
    return atomically(this.db, async (db): Promise<ClaimOutcome> => {
      if (alone) {
        await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`digest_slots:${guild}`]);
        const { rows: others } = await db.query<{ owner: string | null }>(
          `SELECT owner FROM digest_slots WHERE guild = $1 AND slot <> $2 AND state IN ${HELD_STATES} AND lease_until > $3`,
          [guild, slot, now],
        );
        if (heldElsewhere(others, claimant)) return { kind: 'elsewhere' };
      }
      // A slot nobody has: of any number of processes inserting it, one gets the row back.
      const inserted = await db.query<SlotRow>(
        `INSERT INTO digest_slots (guild, slot, state, owner, lease_until, attempts, late)
         VALUES ($1, $2, 'claimed', $3, $4, 1, $5) ON CONFLICT (guild, slot) DO NOTHING RETURNING *`,
        [guild, slot, owner, leaseUntil, late ? 1 : 0],
      );
      if (inserted.rows[0]) return { kind: 'claimed', record: toSlot(inserted.rows[0]) };
      const { rows } = await db.query<SlotRow>('SELECT * FROM digest_slots WHERE guild = $1 AND slot = $2 FOR UPDATE', [guild, slot]);
      const verdict = judgeClaim(toSlot(rows[0]!), claimant);
      if (verdict.kind === 'done' || verdict.kind === 'busy') return verdict;
      // 'take' cannot come back for a row just read; 'retake' under the row lock.
      const updated = await db.query<SlotRow>(
        `UPDATE digest_slots SET state = 'claimed', owner = $3, lease_until = $4, attempts = attempts + 1
         WHERE guild = $1 AND slot = $2 RETURNING *`,
        [guild, slot, owner, leaseUntil],
      );
      return { kind: 'claimed', record: toSlot(updated.rows[0]!) };
    });
  }

  async setPayload(guild: string, slot: string, owner: string, payload: Reply[], channelId: string, window: { start: string; end: string }): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE digest_slots SET payload = $4, channel_id = $5, window_start = $6, window_end = $7
       WHERE guild = $1 AND slot = $2 AND owner = $3 AND state = 'claimed'`,
      [guild, slot, owner, repliesToJson(payload), channelId, window.start, window.end],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async recordParts(guild: string, slot: string, owner: string, messageIds: string[][], partialIds: string[] = []): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE digest_slots SET message_ids = $4, partial_ids = $5 WHERE guild = $1 AND slot = $2 AND owner = $3 AND state = 'claimed'`,
      [guild, slot, owner, JSON.stringify(messageIds), JSON.stringify(partialIds)],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async unfinished(guild: string, since: string): Promise<SlotRecord[]> {
    const { rows } = await this.db.query<SlotRow>(
      `SELECT * FROM digest_slots WHERE guild = $1 AND slot >= $2 AND payload IS NOT NULL
       AND (state = 'claimed' OR (state = 'failed' AND lease_until IS NOT NULL)) ORDER BY slot`,
      [guild, since],
    );
    return rows.map(toSlot);
  }

  async markPosted(guild: string, slot: string, owner: string, now: string): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE digest_slots SET state = 'posted', posted_at = $4, lease_until = NULL, error = NULL
       WHERE guild = $1 AND slot = $2 AND owner = $3 AND state = 'claimed'`,
      [guild, slot, owner, now],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async release(guild: string, slot: string, owner: string, error: string, retryUntil: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE digest_slots SET state = 'failed', lease_until = $5, error = $4
       WHERE guild = $1 AND slot = $2 AND owner = $3 AND state = 'claimed'`,
      [guild, slot, owner, error, retryUntil],
    );
  }

  async skip(guild: string, slot: string, reason: string): Promise<void> {
    await this.db.query(
      `INSERT INTO digest_slots (guild, slot, state, late, error) VALUES ($1, $2, 'skipped', 1, $3) ON CONFLICT (guild, slot) DO NOTHING`,
      [guild, slot, reason],
    );
  }

  async lastPosted(guild: string): Promise<SlotRecord | null> {
    const { rows } = await this.db.query<SlotRow>(`SELECT * FROM digest_slots WHERE guild = $1 AND state = 'posted' ORDER BY slot DESC LIMIT 1`, [guild]);
    return rows[0] ? toSlot(rows[0]) : null;
  }

  async earliestSlot(guild: string): Promise<SlotRecord | null> {
    const { rows } = await this.db.query<SlotRow>('SELECT * FROM digest_slots WHERE guild = $1 ORDER BY slot LIMIT 1', [guild]);
    return rows[0] ? toSlot(rows[0]) : null;
  }

  /** As DigestStore.candidates, in one round trip: each article's topics aggregated beside it. */
  async candidates(scope: Scope, window: { since: string; until: string; publishedFrom: string }): Promise<WindowArticle[]> {
    const { rows } = await this.db.query<WindowArticle>(
      `SELECT a.id, a.published, a.added_at AS "addedAt",
         EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id AND ${attributedSql('q')}) AS quoted,
         coalesce((SELECT json_agg(json_build_object('topicId', t.topic_id, 'score', t.score)) FROM article_topics t WHERE t.article_id = a.id), '[]') AS topics
       FROM articles a WHERE ${IN_WINDOW}`,
      [window.since, window.until, scopeKey(scope), window.publishedFrom],
    );
    return rows;
  }

  async details(articleIds: number[], scope: Scope): Promise<Map<number, ArticleDetails>> {
    const { rows } = await this.db.query<{ id: number } & ArticleDetails>(
      `SELECT id, title, outlet, url, lead FROM articles WHERE id = ANY($1::int[]) AND ${visibleTo('scope', 2)}`,
      [articleIds, scopeKey(scope)],
    );
    return new Map(rows.map((row) => [row.id, { title: row.title, outlet: row.outlet, url: row.url, lead: row.lead }]));
  }
}
