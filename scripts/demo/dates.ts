/**
 * Dates are computed from a fixed "as of" day, never from the clock, so the files do not change
 * when the generator is run again tomorrow.
 */

/** The demo's "today": the last day of the plan year's first half. */
export const AS_OF = '2025-06-30';

const DAY_MS = 86400000;

function toDays(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

function fromDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDays(toDays(iso) + days);
}

export function daysBetween(from: string, to: string): number {
  return toDays(to) - toDays(from);
}
