// The digest claim's rules without an engine: when a (guild, slot) is taken, retried or taken over,
// when it is done, and when another process holds it. SQLite's DigestStore and PostgreSQL's
// PgDigestStore each read the rows their own way (one writer under BEGIN IMMEDIATE; a row lock and an
// advisory lock) and write the outcome in their own SQL; what they decide is decided here, once.
import type { SlotRecord } from './digests.ts';

/** Who is claiming, and when. */
export interface Claimant {
  owner: string;
  /** ISO 8601, compared as text with the stored leases. */
  now: string;
  /** Whether the process that holds a claim is known to be dead (see ownerIsGone in src/digest/schedule.ts). */
  isGone: (holder: string) => boolean;
}

export type ClaimVerdict =
  /** Nobody has the slot: insert the claim. */
  | { kind: 'take' }
  /** A failed attempt, an expired lease, a dead holder or our own earlier claim: claim it again (one more attempt). */
  | { kind: 'retake' }
  /** Posted or skipped already: nothing to do. */
  | { kind: 'done'; record: SlotRecord }
  /** Another live process holds it until `leaseUntil`. */
  | { kind: 'busy'; leaseUntil: string };

/**
 * Whether another process still has the slot in hand: it holds the claim (or waits to retry it) with
 * its lease running, and is not known to be dead. Otherwise the claim is stale and may be taken over.
 */
export function heldByAnother(record: Pick<SlotRecord, 'owner' | 'leaseUntil'>, claimant: Claimant): record is { owner: string; leaseUntil: string } {
  return record.owner !== null && record.owner !== claimant.owner && record.leaseUntil !== null && record.leaseUntil > claimant.now && !claimant.isGone(record.owner);
}

/** The slot's row as it stands (null when nobody has claimed it), judged for `claimant`. */
export function judgeClaim(existing: SlotRecord | null, claimant: Claimant): ClaimVerdict {
  if (!existing) return { kind: 'take' };
  if (existing.state === 'posted' || existing.state === 'skipped') return { kind: 'done', record: existing };
  if (existing.state === 'claimed' && heldByAnother(existing, claimant)) return { kind: 'busy', leaseUntil: existing.leaseUntil };
  return { kind: 'retake' };
}

/**
 * The holders a claim `alone` (/digest-admin now) must not overlap: the owners of the guild's other
 * slots that are claimed, or failed and waiting for their retry, with a lease still running (the
 * engines' SQL selects exactly those, with {@link HELD_STATES}). One of them held by this process,
 * or by a process not known to be dead, means the guild's digest is being posted elsewhere.
 */
export function heldElsewhere(others: readonly { owner: string | null }[], claimant: Claimant): boolean {
  return others.some((r) => r.owner !== null && (r.owner === claimant.owner || !claimant.isGone(r.owner)));
}

/** States in which a slot with a running lease is still being posted: a failed attempt waits for its retry. */
export const HELD_STATES = "('claimed', 'failed')";
