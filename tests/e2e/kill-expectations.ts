// What "once" means after the two-part kill scenario, checked the same way on each engine.
import { expect } from 'vitest';
import type { KillOutcome } from './kill-scenario.ts';

/** The killed slot posted once, only its missing part and in order; two later slots posted once each. */
export function expectKilledSlotPostedOnce(outcome: KillOutcome): void {
  expect(outcome.duplicates, outcome.stderr).toBe(0);
  expect(outcome.unrecorded, outcome.stderr).toBe(0);
  expect(outcome.lost, outcome.stderr).toBe(0);
  expect(outcome.killedSlotParts).toBe(2);
  expect(outcome.killedSlotTitles.map((t) => t.slice(-5))).toEqual(['(1/2)', '(2/2)']);
  expect(outcome.ledger.find((s) => s.slot === outcome.killedSlot)).toMatchObject({ state: 'posted', attempts: 2 });
  expect(outcome.laterPosted).toBeGreaterThanOrEqual(2);
}
