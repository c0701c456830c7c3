/**
 * Dates are computed from a fixed "as of" day, never from the clock, so the files do not change
 * when the generator is run again tomorrow.
 */

import { DEMO_AS_OF } from '../../server/demo/demo-dates.ts';

/** The demo's "today", which the loader moves to the day the demo is loaded. */
export const AS_OF = DEMO_AS_OF;

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
