// Lengths of time in milliseconds, for date arithmetic on UTC instants. A calendar day in a guild's
// timezone is not always this long (daylight saving); the digest's slots use the cron's zone for that.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
