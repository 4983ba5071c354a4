// Feeds and the items they have shown (migration 014). A guild manages its own feeds; shared feeds
// come from configuration. Seen items are kept per feed by their stable key, so a restart between
// polls never takes an item twice and an item published while the bot was down is still new.
import { type Scope, scopeKey, scopeOfKey } from '../domain/scope.ts';
import type { Db } from './db.ts';

export type FeedOrigin = 'command' | 'config';
export type ItemOutcome = 'added' | 'duplicate' | 'rejected' | 'skipped';

export interface StoredFeed {
  id: number;
  scope: string;
  url: string;
  origin: FeedOrigin;
  title: string | null;
  topics: string[];
  addedBy: string | null;
  addedAt: string;
  etag: string | null;
  lastModified: string | null;
  nextPollAt: string;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  failures: number;
  lastError: string | null;
  failingReason: string | null;
  failingSince: string | null;
  failingToldAt: string | null;
}

export interface FeedRow {
  id: number;
  scope: string;
  url: string;
  origin: FeedOrigin;
  title: string | null;
  topics: string;
  added_by: string | null;
  added_at: string;
  etag: string | null;
  last_modified: string | null;
  next_poll_at: string;
  last_polled_at: string | null;
  last_success_at: string | null;
  failures: number;
  last_error: string | null;
  failing_reason: string | null;
  failing_since: string | null;
  failing_told_at: string | null;
}

export function toFeed(row: FeedRow): StoredFeed {
  return {
    id: row.id,
    scope: row.scope,
    url: row.url,
    origin: row.origin,
    title: row.title,
    topics: JSON.parse(row.topics) as string[],
    addedBy: row.added_by,
    addedAt: row.added_at,
    etag: row.etag,
    lastModified: row.last_modified,
    nextPollAt: row.next_poll_at,
    lastPolledAt: row.last_polled_at,
    lastSuccessAt: row.last_success_at,
    failures: row.failures,
    lastError: row.last_error,
    failingReason: row.failing_reason,
    failingSince: row.failing_since,
    failingToldAt: row.failing_told_at,
  };
}

/** The scope a feed's articles go to: a guild's own collection, or the shared one. */
export function articleScopeOf(feed: Pick<StoredFeed, 'scope'>): Scope {
  return scopeOfKey(feed.scope);
}

export interface SeenItem {
  key: string;
  outcome: ItemOutcome;
  bodyFrom?: 'page' | 'item' | null;
  articleId?: number | null;
  reason?: string | null;
}

export class FeedStore {
  constructor(private readonly db: Db) {}

  /** Adds a feed; null when the scope already has it. */
  add(scope: Scope, url: string, origin: FeedOrigin, topics: string[], addedBy: string | null, now: Date): StoredFeed | null {
    const result = this.db
      .prepare(
        `INSERT INTO feeds (scope, url, origin, topics, added_by, added_at, next_poll_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, url) DO NOTHING`,
      )
      .run(scopeKey(scope), url, origin, JSON.stringify(topics), addedBy, now.toISOString(), now.toISOString());
    return result.changes ? this.get(Number(result.lastInsertRowid)) : null;
  }

  get(id: number): StoredFeed | null {
    const row = this.db.prepare('SELECT * FROM feeds WHERE id = ?').get(id) as FeedRow | undefined;
    return row ? toFeed(row) : null;
  }

  /** The feeds of one scope only (a guild's own, or the shared ones), oldest first. */
  listOwn(scope: Scope): StoredFeed[] {
    return (this.db.prepare('SELECT * FROM feeds WHERE scope = ? ORDER BY id').all(scopeKey(scope)) as FeedRow[]).map(toFeed);
  }

  all(): StoredFeed[] {
    return (this.db.prepare('SELECT * FROM feeds ORDER BY id').all() as FeedRow[]).map(toFeed);
  }

  /** Feeds whose next poll is due, soonest first. */
  due(now: Date): StoredFeed[] {
    return (this.db.prepare('SELECT * FROM feeds WHERE next_poll_at <= ? ORDER BY next_poll_at, id').all(now.toISOString()) as FeedRow[]).map(toFeed);
  }

  remove(scope: Scope, id: number): boolean {
    return this.db.prepare('DELETE FROM feeds WHERE scope = ? AND id = ?').run(scopeKey(scope), id).changes > 0;
  }

  /** Removes the shared feeds configuration no longer lists. */
  removeConfiguredExcept(urls: string[]): number {
    const keep = new Set(urls);
    let removed = 0;
    for (const feed of this.listOwn(null)) {
      if (feed.origin === 'config' && !keep.has(feed.url)) removed += this.db.prepare('DELETE FROM feeds WHERE id = ?').run(feed.id).changes;
    }
    return removed;
  }

  setNextPoll(id: number, at: Date): void {
    this.db.prepare('UPDATE feeds SET next_poll_at = ? WHERE id = ?').run(at.toISOString(), id);
  }

  /** A good poll (a 200 read, or a 304): validators kept, failures forgotten. */
  recordSuccess(id: number, update: { title?: string | null; etag: string | null; lastModified: string | null; now: Date; nextPollAt: Date }): void {
    this.db
      .prepare(
        `UPDATE feeds SET title = coalesce(@title, title), etag = @etag, last_modified = @lastModified,
           last_polled_at = @now, last_success_at = @now, next_poll_at = @next, failures = 0, last_error = NULL,
           failing_reason = NULL, failing_since = NULL, failing_told_at = NULL
         WHERE id = @id`,
      )
      .run({ id, title: update.title ?? null, etag: update.etag, lastModified: update.lastModified, now: update.now.toISOString(), next: update.nextPollAt.toISOString() });
  }

  /** A failed poll; marks the feed failing (with the reason) once `failingAfter` polls in a row failed. */
  recordFailure(id: number, reason: string, now: Date, nextPollAt: Date, failingAfter: number): StoredFeed | null {
    this.db
      .prepare(
        `UPDATE feeds SET failures = failures + 1, last_error = @reason, last_polled_at = @now, next_poll_at = @next,
           failing_reason = CASE WHEN failures + 1 >= @after THEN @reason ELSE failing_reason END,
           failing_since = CASE WHEN failures + 1 >= @after THEN coalesce(failing_since, @now) ELSE failing_since END
         WHERE id = @id`,
      )
      .run({ id, reason, now: now.toISOString(), next: nextPollAt.toISOString(), after: failingAfter });
    return this.get(id);
  }

  markFailingTold(id: number, now: Date): void {
    this.db.prepare('UPDATE feeds SET failing_told_at = ? WHERE id = ?').run(now.toISOString(), id);
  }

  /** Which of these keys the feed has already shown. */
  seenKeys(feedId: number, keys: string[]): Set<string> {
    const seen = new Set<string>();
    const lookup = this.db.prepare('SELECT 1 FROM feed_items WHERE feed_id = ? AND item_key = ?');
    for (const key of keys) if (lookup.get(feedId, key)) seen.add(key);
    return seen;
  }

  hasSeenAny(feedId: number): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM feed_items WHERE feed_id = ? LIMIT 1').get(feedId));
  }

  markSeen(feedId: number, items: SeenItem[], now: Date): void {
    const insert = this.db.prepare(
      `INSERT INTO feed_items (feed_id, item_key, seen_at, outcome, body_from, article_id, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, item_key) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (const item of items) insert.run(feedId, item.key, now.toISOString(), item.outcome, item.bodyFrom ?? null, item.articleId ?? null, item.reason ?? null);
    })();
  }

  /** How a feed's items fared: counts per outcome, and how many articles came from the item text alone. */
  itemCounts(feedId: number): { added: number; fromItemText: number; rejected: number } {
    const row = this.db
      .prepare(
        `SELECT sum(outcome = 'added') AS added, sum(outcome = 'added' AND body_from = 'item') AS item, sum(outcome = 'rejected') AS rejected
         FROM feed_items WHERE feed_id = ?`,
      )
      .get(feedId) as { added: number | null; item: number | null; rejected: number | null };
    return { added: row.added ?? 0, fromItemText: row.item ?? 0, rejected: row.rejected ?? 0 };
  }
}
