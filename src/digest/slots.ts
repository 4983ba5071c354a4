// Which instant a digest belongs to. A slot is a wall-clock time in the guild's IANA zone that its cron
// matches; its identity is the first UTC instant showing that wall time. So the slot fires at the
// right UTC instant in +05:45, +05:30 and +04:30 zones, a wall time that happens twice when clocks go
// back (node-cron fires at both) is one slot, and one that never happens when clocks go forward is no
// slot that day, exactly as node-cron never fires it. Offsets come from Intl, not from fixed tables.
import { parse as parseCron } from 'node-cron';
import { DAY_MS, MINUTE_MS } from '../time.ts';

/** An IANA zone name Intl knows ("Asia/Karachi"), not an offset. */
export function isIanaTimezone(zone: string): boolean {
  // Intl accepts any IANA zone it knows and throws a RangeError for anything else, including offsets
  // like "+05:00" that cannot follow daylight-saving rules.
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;

/** Five or six cron fields of numbers, ranges, steps and lists, as node-cron reads them. */
export function isCronExpression(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return false;
  return fields.every((field) => CRON_FIELD.test(field));
}

export interface Schedule {
  cron: string;
  timezone: string;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

interface CompiledSchedule extends Schedule {
  seconds: number[];
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
}

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

/** A cron like "0 8 29 2 *" may wait four years; beyond that there is no slot. */
const SEARCH_DAYS = 366 * 5;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, format);
  }
  return format;
}

/** The wall-clock time an instant shows in a zone. */
function wallTime(instant: number, timezone: string): WallTime {
  const wall: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(instant)) {
    if (part.type !== 'literal') wall[part.type] = Number(part.value);
  }
  return { year: wall.year!, month: wall.month!, day: wall.day!, hour: wall.hour!, minute: wall.minute!, second: wall.second! };
}

/** The wall time read as if it were UTC: comparable numbers, no zone involved. */
function wallNumber(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (+05:45 is 20 700 000). */
export function utcOffset(instant: number, timezone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallNumber(wallTime(whole, timezone)) - whole;
}

/**
 * Every UTC instant that shows this wall time, ascending: none in a spring-forward gap, two in a
 * fall-back overlap, one otherwise. The offsets a day either side cover both sides of any change.
 */
export function instantsOf(wall: WallTime, timezone: string): number[] {
  const asUtc = wallNumber(wall);
  const candidates = new Set([-DAY_MS, 0, DAY_MS].map((shift) => asUtc - utcOffset(asUtc + shift, timezone)));
  return [...candidates].filter((instant) => wallNumber(wallTime(instant, timezone)) === asUtc).sort((a, b) => a - b);
}

/** Validates and compiles a schedule; the error names what is wrong in words a person can act on. */
export function compileSchedule(schedule: Schedule): CompiledSchedule {
  if (!isIanaTimezone(schedule.timezone)) {
    throw new ScheduleError(`"${schedule.timezone}" is not an IANA timezone (e.g. Asia/Karachi)`);
  }
  // The project's validator admits only numbers, ranges, steps and lists, so node-cron's fields are
  // plain numbers and both sides read the expression the same way.
  if (!isCronExpression(schedule.cron)) {
    throw new ScheduleError(`"${schedule.cron}" is not a cron expression (5 fields, or 6 with seconds first)`);
  }
  let fields;
  try {
    fields = parseCron(schedule.cron.trim());
  } catch (error) {
    throw new ScheduleError(`"${schedule.cron}": ${(error as Error).message}`);
  }
  const numbers = (values: (number | string)[]): number[] => values.filter((v): v is number => typeof v === 'number');
  return {
    ...schedule,
    seconds: [...fields.second].sort((a, b) => a - b),
    minutes: [...fields.minute].sort((a, b) => a - b),
    hours: [...fields.hour].sort((a, b) => a - b),
    daysOfMonth: new Set(numbers(fields.dayOfMonth)),
    months: new Set(fields.month),
    daysOfWeek: new Set(numbers(fields.dayOfWeek)),
  };
}

/** Wall times of one local day that the cron matches, in the order asked for. */
function* wallTimesOfDay(s: CompiledSchedule, date: Date, descending: boolean): Generator<WallTime> {
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  if (!s.months.has(month) || !s.daysOfMonth.has(day) || !s.daysOfWeek.has(date.getUTCDay())) return;
  const order = (values: number[]): number[] => (descending ? [...values].reverse() : values);
  for (const hour of order(s.hours)) {
    for (const minute of order(s.minutes)) {
      for (const second of order(s.seconds)) yield { year, month, day, hour, minute, second };
    }
  }
}

/**
 * Walks local days from the one containing `from`, forward or back, and returns the first slot
 * (canonical instant) that `accept` takes. Wall times that are on the wrong side of `from` under
 * every offset the zone has near `from` are passed over by arithmetic alone, so a per-second cron
 * costs a few Intl calls, not thousands.
 */
function findSlot(s: CompiledSchedule, from: number, descending: boolean, accept: (slot: number) => boolean): number | null {
  const fromWall = wallNumber(wallTime(from, s.timezone));
  const offsets = [-DAY_MS, 0, DAY_MS].map((shift) => utcOffset(from + shift, s.timezone));
  const [lowest, highest] = [Math.min(...offsets), Math.max(...offsets)];
  const startDay = Math.floor(fromWall / DAY_MS) * DAY_MS;
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const day = new Date(startDay + (descending ? -i : i) * DAY_MS);
    for (const wall of wallTimesOfDay(s, day, descending)) {
      const asUtc = wallNumber(wall);
      if (descending ? asUtc - highest > from : asUtc - lowest <= from) continue;
      const first = instantsOf(wall, s.timezone)[0];
      if (first !== undefined && accept(first)) return first;
    }
  }
  return null;
}

/** The latest slot at or before `at`: the slot a cron run at `at` belongs to. */
export function slotAtOrBefore(schedule: Schedule, at: Date): Date | null {
  const time = at.getTime();
  const slot = findSlot(compileSchedule(schedule), time, true, (instant) => instant <= time);
  return slot === null ? null : new Date(slot);
}

/** The first slot after `after`. */
export function nextSlot(schedule: Schedule, after: Date): Date | null {
  const time = after.getTime();
  const slot = findSlot(compileSchedule(schedule), time, false, (instant) => instant > time);
  return slot === null ? null : new Date(slot);
}

/** "Thu 26 Nov 2026, 08:00" in the zone (seconds shown when the cron has them). */
export function formatLocal(instant: Date, timezone: string, withSeconds = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(instant);
}

/** "UTC+05:45" for the zone at that instant. */
export function formatOffset(instant: Date, timezone: string): string {
  const minutes = Math.round(utcOffset(instant.getTime(), timezone) / MINUTE_MS);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** True when the cron has a seconds field other than "0" (tests run a slot every few seconds). */
export function hasSeconds(cron: string): boolean {
  const fields = cron.trim().split(/\s+/);
  return fields.length === 6 && fields[0] !== '0';
}
