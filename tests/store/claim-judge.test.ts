// The digest claim's rules, as both engines apply them (src/store/claim-judge.ts); the engines' own
// locking is held to them by the contract suite (tests/store/contract).
import { describe, expect, it } from 'vitest';
import { heldByAnother, heldElsewhere, judgeClaim } from '../../src/store/claim-judge.ts';
import type { SlotRecord } from '../../src/store/digests.ts';

const NOW = '2026-03-01T08:00:00.000Z';
const LATER = '2026-03-01T08:05:00.000Z';
const EARLIER = '2026-03-01T07:55:00.000Z';
const me = { owner: 'host:1:me', now: NOW, isGone: (holder: string) => holder === 'host:2:dead' };

function record(overrides: Partial<SlotRecord>): SlotRecord {
  return {
    guild: 'g', slot: '2026-03-01T08:00:00.000Z', state: 'claimed', owner: 'host:3:other', leaseUntil: LATER, attempts: 1, late: false,
    channelId: null, windowStart: null, windowEnd: null, payload: null, messageIds: [], partialIds: [], postedAt: null, error: null,
    ...overrides,
  };
}

describe('judgeClaim', () => {
  it('takes a slot nobody has', () => {
    expect(judgeClaim(null, me)).toEqual({ kind: 'take' });
  });

  it('leaves a posted or skipped slot done, whoever holds it', () => {
    for (const state of ['posted', 'skipped'] as const) expect(judgeClaim(record({ state, owner: me.owner }), me).kind).toBe('done');
  });

  it('is busy while another live process holds the claim with its lease running', () => {
    expect(judgeClaim(record({}), me)).toEqual({ kind: 'busy', leaseUntil: LATER });
  });

  it('takes over a claim whose lease ran out, whose holder is dead, that is its own, or that failed', () => {
    expect(judgeClaim(record({ leaseUntil: EARLIER }), me).kind).toBe('retake');
    expect(judgeClaim(record({ leaseUntil: NOW }), me).kind).toBe('retake');
    expect(judgeClaim(record({ leaseUntil: null }), me).kind).toBe('retake');
    expect(judgeClaim(record({ owner: 'host:2:dead' }), me).kind).toBe('retake');
    expect(judgeClaim(record({ owner: me.owner }), me).kind).toBe('retake');
    expect(judgeClaim(record({ state: 'failed' }), me).kind).toBe('retake');
  });
});

describe('a claim alone (/digest-admin now)', () => {
  it('is refused while this process or a live one holds another slot of the guild', () => {
    expect(heldElsewhere([], me)).toBe(false);
    expect(heldElsewhere([{ owner: null }], me)).toBe(false);
    expect(heldElsewhere([{ owner: 'host:2:dead' }], me)).toBe(false);
    expect(heldElsewhere([{ owner: me.owner }], me)).toBe(true);
    expect(heldElsewhere([{ owner: 'host:2:dead' }, { owner: 'host:3:other' }], me)).toBe(true);
  });
});

describe('heldByAnother (a begun slot left to its holder at start-up)', () => {
  it('holds for a failed slot waiting for its retry too, not for our own or a dead holder', () => {
    expect(heldByAnother(record({ state: 'failed' }), me)).toBe(true);
    expect(heldByAnother(record({ owner: me.owner }), me)).toBe(false);
    expect(heldByAnother(record({ owner: 'host:2:dead' }), me)).toBe(false);
    expect(heldByAnother(record({ leaseUntil: EARLIER }), me)).toBe(false);
  });
});
