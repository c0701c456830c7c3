/**
 * The bureau's clock: China Standard Time, UTC+8 all year (no daylight saving), whatever zone the
 * server or the reader's browser keeps. Instants travel as ISO 8601 in UTC; these turn them into the
 * day and time a bureau writes, and a bureau's day back into the instants that bound it.
 */

const HOUR = 3_600_000;
const OFFSET = 8 * HOUR;

/** The instant shifted so that its UTC fields read China time. */
const shifted = (instant: Date | string) => new Date(new Date(instant).getTime() + OFFSET).toISOString();

/** The calendar day in China, YYYY-MM-DD: the date on a sheet, a file name, an "as of". */
export function todayInChina(now: Date = new Date()): string {
  return shifted(now).slice(0, 10);
}

/** "2026-05-01 14:03": a time as the bureau reads it. */
export function chinaMinute(instant: Date | string): string {
  return shifted(instant).slice(0, 16).replace('T', ' ');
}

/** "2026-05-01 14:03:09": to the second, for logs and audit sheets. */
export function chinaSecond(instant: Date | string): string {
  return shifted(instant).slice(0, 19).replace('T', ' ');
}

/** The instant a China calendar day (YYYY-MM-DD) starts, `days` later, in ISO 8601 UTC. */
export function chinaDayStart(date: string, days = 0): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + days * 24 * HOUR).toISOString();
}
