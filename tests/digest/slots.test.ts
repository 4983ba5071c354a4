// Slot computation across South Asia's half- and quarter-hour offsets and across a daylight-saving
// change, checked against the instants node-cron itself fires at.
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import {
  compileSchedule,
  formatOffset,
  instantsOf,
  nextSlot,
  type Schedule,
  ScheduleError,
  slotAtOrBefore,
  utcOffset,
} from '../../src/digest/slots.ts';

const at = (iso: string): Date => new Date(iso);
const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** Whether node-cron, given the same cron and zone, fires at this instant. */
function nodeCronFiresAt(schedule: Schedule, instant: Date): boolean {
  const task = cron.createTask(schedule.cron, () => undefined, { timezone: schedule.timezone });
  try {
    return task.match(instant);
  } finally {
    void task.destroy();
  }
}

describe('a daily 08:00 slot in South Asian zones', () => {
  const cases = [
    { timezone: 'Asia/Kathmandu', offset: 'UTC+05:45', utc: '2026-11-26T02:15:00.000Z' },
    { timezone: 'Asia/Kolkata', offset: 'UTC+05:30', utc: '2026-11-26T02:30:00.000Z' },
    { timezone: 'Asia/Kabul', offset: 'UTC+04:30', utc: '2026-11-26T03:30:00.000Z' },
    { timezone: 'Asia/Karachi', offset: 'UTC+05:00', utc: '2026-11-26T03:00:00.000Z' },
  ];
  for (const { timezone, offset, utc } of cases) {
    it(`${timezone} (${offset}) fires at ${utc}, once a day, where node-cron fires`, () => {
      const schedule = { cron: '0 8 * * *', timezone };
      expect(formatOffset(at(utc), timezone)).toBe(offset);
      expect(iso(nextSlot(schedule, at('2026-11-25T12:00:00Z')))).toBe(utc);
      // The run belongs to its slot from the instant it fires until the next slot.
      expect(iso(slotAtOrBefore(schedule, at(utc)))).toBe(utc);
      expect(iso(slotAtOrBefore(schedule, new Date(Date.parse(utc) + 23 * 3_600_000)))).toBe(utc);
      expect(iso(slotAtOrBefore(schedule, new Date(Date.parse(utc) - 1000)))).toBe(new Date(Date.parse(utc) - 86_400_000).toISOString());
      expect(nodeCronFiresAt(schedule, at(utc))).toBe(true);
      expect(nodeCronFiresAt(schedule, new Date(Date.parse(utc) - 60_000))).toBe(false);
      expect(nodeCronFiresAt(schedule, new Date(Date.parse(utc) + 60_000))).toBe(false);
    });
  }
});

describe('Europe/London across its daylight-saving changes', () => {
  const london = (cronExpression: string): Schedule => ({ cron: cronExpression, timezone: 'Europe/London' });

  it('keeps 08:00 local when the clocks go forward: 08:00 UTC, then 07:00 UTC', () => {
    const schedule = london('0 8 * * *');
    const first = nextSlot(schedule, at('2026-03-27T12:00:00Z'))!;
    const second = nextSlot(schedule, first)!;
    const third = nextSlot(schedule, second)!;
    expect([first, second, third].map(iso)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    for (const slot of [first, second, third]) expect(nodeCronFiresAt(schedule, slot)).toBe(true);
  });

  it('keeps 08:00 local when the clocks go back: 07:00 UTC, then 08:00 UTC', () => {
    const schedule = london('0 8 * * *');
    const first = nextSlot(schedule, at('2026-10-24T00:00:00Z'))!;
    expect([first, nextSlot(schedule, first)].map(iso)).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z']);
  });

  it('a wall time that happens twice when clocks go back is one slot, at its first instant', () => {
    const schedule = london('30 1 * * *');
    const wall = { year: 2026, month: 10, day: 25, hour: 1, minute: 30, second: 0 };
    expect(instantsOf(wall, 'Europe/London').map((t) => new Date(t).toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
    // node-cron fires at both instants; both runs belong to the same slot, so the claim posts once.
    expect(nodeCronFiresAt(schedule, at('2026-10-25T00:30:00Z'))).toBe(true);
    expect(nodeCronFiresAt(schedule, at('2026-10-25T01:30:00Z'))).toBe(true);
    expect(iso(slotAtOrBefore(schedule, at('2026-10-25T00:30:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(slotAtOrBefore(schedule, at('2026-10-25T01:30:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(nextSlot(schedule, at('2026-10-25T00:30:00Z')))).toBe('2026-10-26T01:30:00.000Z');
  });

  it('a wall time skipped when clocks go forward is no slot that day, as node-cron never fires it', () => {
    const schedule = london('30 1 * * *');
    expect(instantsOf({ year: 2026, month: 3, day: 29, hour: 1, minute: 30, second: 0 }, 'Europe/London')).toEqual([]);
    expect(iso(nextSlot(schedule, at('2026-03-28T02:00:00Z')))).toBe('2026-03-30T00:30:00.000Z');
    expect(iso(slotAtOrBefore(schedule, at('2026-03-29T23:00:00Z')))).toBe('2026-03-28T01:30:00.000Z');
    expect(utcOffset(Date.parse('2026-03-29T00:59:59Z'), 'Europe/London')).toBe(0);
    expect(utcOffset(Date.parse('2026-03-29T01:00:00Z'), 'Europe/London')).toBe(3_600_000);
  });
});

describe('seconds-level crons', () => {
  it('finds the slot of a run every 5 s in a +05:45 zone, and the next one', () => {
    const schedule = { cron: '*/5 * * * * *', timezone: 'Asia/Kathmandu' };
    expect(iso(slotAtOrBefore(schedule, at('2026-11-26T02:15:07.300Z')))).toBe('2026-11-26T02:15:05.000Z');
    expect(iso(nextSlot(schedule, at('2026-11-26T02:15:05.000Z')))).toBe('2026-11-26T02:15:10.000Z');
    expect(nodeCronFiresAt(schedule, at('2026-11-26T02:15:10.000Z'))).toBe(true);
  });

  it('answers quickly even though a day has 17 280 such slots', () => {
    const schedule = { cron: '*/5 * * * * *', timezone: 'Asia/Kolkata' };
    const started = performance.now();
    for (let i = 0; i < 20; i++) slotAtOrBefore(schedule, new Date(Date.parse('2026-11-26T12:00:00Z') + i * 997));
    expect((performance.now() - started) / 20).toBeLessThan(50);
  });
});

describe('bad schedules', () => {
  it('refuse with a message that names the problem', () => {
    expect(() => compileSchedule({ cron: '0 8 * * *', timezone: 'Mars/Base' })).toThrow(ScheduleError);
    expect(() => compileSchedule({ cron: '0 8 * * *', timezone: '+05:00' })).toThrow('"+05:00" is not an IANA timezone');
    expect(() => compileSchedule({ cron: 'every day', timezone: 'UTC' })).toThrow('is not a cron expression');
    expect(() => compileSchedule({ cron: '0 25 * * *', timezone: 'UTC' })).toThrow(ScheduleError);
    expect(() => compileSchedule({ cron: '0 8 31 2 *', timezone: 'UTC' })).toThrow('impossible day of month');
  });

  it('a cron whose next date is years away (29 Feb on a Monday: 2044) has no next slot rather than looping', () => {
    expect(nextSlot({ cron: '0 8 29 2 1', timezone: 'UTC' }, at('2026-01-01T00:00:00Z'))).toBeNull();
    expect(iso(nextSlot({ cron: '0 8 29 2 *', timezone: 'UTC' }, at('2026-01-01T00:00:00Z')))).toBe('2028-02-29T08:00:00.000Z');
  });
});
