// FeedStore on PostgreSQL: feeds per scope and the items each has shown, by their stable key.
import { type Scope, scopeKey } from '../../domain/scope.ts';
import type { AsyncFeedStore } from '../engine.ts';
import type { FeedOrigin, SeenItem, StoredFeed } from '../feeds.ts';
import type { Queryable } from './db.ts';
import { atomically, valuesList } from './sql.ts';
import { type FeedRow, toFeed } from '../feeds.ts';

export class PgFeedStore implements AsyncFeedStore {
  constructor(private readonly db: Queryable) {}

  async add(scope: Scope, url: string, origin: FeedOrigin, topics: string[], addedBy: string | null, now: Date): Promise<StoredFeed | null> {
    const { rows } = await this.db.query<FeedRow>(
      `INSERT INTO feeds (scope, url, origin, topics, added_by, added_at, next_poll_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (scope, url) DO NOTHING RETURNING *`,
      [scopeKey(scope), url, origin, JSON.stringify(topics), addedBy, now.toISOString()],
    );
    return rows[0] ? toFeed(rows[0]) : null;
  }

  async get(id: number): Promise<StoredFeed | null> {
    const { rows } = await this.db.query<FeedRow>('SELECT * FROM feeds WHERE id = $1', [id]);
    return rows[0] ? toFeed(rows[0]) : null;
  }

  async listOwn(scope: Scope): Promise<StoredFeed[]> {
    return (await this.db.query<FeedRow>('SELECT * FROM feeds WHERE scope = $1 ORDER BY id', [scopeKey(scope)])).rows.map(toFeed);
  }

  async all(): Promise<StoredFeed[]> {
    return (await this.db.query<FeedRow>('SELECT * FROM feeds ORDER BY id')).rows.map(toFeed);
  }

  async due(now: Date): Promise<StoredFeed[]> {
    return (await this.db.query<FeedRow>('SELECT * FROM feeds WHERE next_poll_at <= $1 ORDER BY next_poll_at, id', [now.toISOString()])).rows.map(toFeed);
  }

  async remove(scope: Scope, id: number): Promise<boolean> {
    return ((await this.db.query('DELETE FROM feeds WHERE scope = $1 AND id = $2', [scopeKey(scope), id])).rowCount ?? 0) > 0;
  }

  async removeConfiguredExcept(urls: string[]): Promise<number> {
    const { rowCount } = await this.db.query(`DELETE FROM feeds WHERE scope = $1 AND origin = 'config' AND NOT (url = ANY($2::text[]))`, [scopeKey(null), urls]);
    return rowCount ?? 0;
  }

  async setNextPoll(id: number, at: Date): Promise<void> {
    await this.db.query('UPDATE feeds SET next_poll_at = $2 WHERE id = $1', [id, at.toISOString()]);
  }

  async recordSuccess(id: number, update: { title?: string | null; etag: string | null; lastModified: string | null; now: Date; nextPollAt: Date }): Promise<void> {
    await this.db.query(
      `UPDATE feeds SET title = coalesce($2, title), etag = $3, last_modified = $4, last_polled_at = $5, last_success_at = $5, next_poll_at = $6,
         failures = 0, last_error = NULL, failing_reason = NULL, failing_since = NULL, failing_told_at = NULL
       WHERE id = $1`,
      [id, update.title ?? null, update.etag, update.lastModified, update.now.toISOString(), update.nextPollAt.toISOString()],
    );
  }

  async recordFailure(id: number, reason: string, now: Date, nextPollAt: Date, failingAfter: number): Promise<StoredFeed | null> {
    const { rows } = await this.db.query<FeedRow>(
      `UPDATE feeds SET failures = failures + 1, last_error = $2, last_polled_at = $3, next_poll_at = $4,
         failing_reason = CASE WHEN failures + 1 >= $5 THEN $2 ELSE failing_reason END,
         failing_since = CASE WHEN failures + 1 >= $5 THEN coalesce(failing_since, $3) ELSE failing_since END
       WHERE id = $1 RETURNING *`,
      [id, reason, now.toISOString(), nextPollAt.toISOString(), failingAfter],
    );
    return rows[0] ? toFeed(rows[0]) : null;
  }

  async markFailingTold(id: number, now: Date): Promise<void> {
    await this.db.query('UPDATE feeds SET failing_told_at = $2 WHERE id = $1', [id, now.toISOString()]);
  }

  async seenKeys(feedId: number, keys: string[]): Promise<Set<string>> {
    const { rows } = await this.db.query<{ item_key: string }>('SELECT item_key FROM feed_items WHERE feed_id = $1 AND item_key = ANY($2::text[])', [feedId, keys]);
    return new Set(rows.map((r) => r.item_key));
  }

  async hasSeenAny(feedId: number): Promise<boolean> {
    return ((await this.db.query('SELECT 1 FROM feed_items WHERE feed_id = $1 LIMIT 1', [feedId])).rowCount ?? 0) > 0;
  }

  async markSeen(feedId: number, items: SeenItem[], now: Date): Promise<void> {
    if (items.length === 0) return;
    const seenAt = now.toISOString();
    await atomically(this.db, async (db) => {
      // A few hundred rows a statement keeps each under PostgreSQL's 65,535 parameters.
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items.slice(i, i + 500);
        await db.query(
          `INSERT INTO feed_items (feed_id, item_key, seen_at, outcome, body_from, article_id, reason) VALUES ${valuesList(chunk.length, 7)}
           ON CONFLICT (feed_id, item_key) DO NOTHING`,
          chunk.flatMap((item) => [feedId, item.key, seenAt, item.outcome, item.bodyFrom ?? null, item.articleId ?? null, item.reason ?? null]),
        );
      }
    });
  }

  async itemCounts(feedId: number): Promise<{ added: number; fromItemText: number; rejected: number }> {
    const { rows } = await this.db.query<{ added: number; item: number; rejected: number }>(
      `SELECT count(*) FILTER (WHERE outcome = 'added') AS added, count(*) FILTER (WHERE outcome = 'added' AND body_from = 'item') AS item,
         count(*) FILTER (WHERE outcome = 'rejected') AS rejected
       FROM feed_items WHERE feed_id = $1`,
      [feedId],
    );
    return { added: rows[0]!.added, fromItemText: rows[0]!.item, rejected: rows[0]!.rejected };
  }
}
