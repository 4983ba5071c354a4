// "The last N days" as every command counts it: calendar days (UTC) up to and including today.
import { DAY_MS } from '../time.ts';

/** The longest window a days option accepts. */
export const MAX_DAYS = 365;

/** A days option as a whole number of days from 1 to MAX_DAYS. */
export function clampDays(days: number): number {
  return Math.min(MAX_DAYS, Math.max(1, Math.floor(days)));
}

/** The `days` calendar days ending on `until`'s day, oldest first, as YYYY-MM-DD. */
export function windowDays(until: Date, days: number): string[] {
  const last = Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate());
  return Array.from({ length: days }, (_, i) => new Date(last - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** The first day (YYYY-MM-DD) of the `days`-day window ending on `until`'s day. */
export function windowStart(until: Date, days: number): string {
  return new Date(until.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}
