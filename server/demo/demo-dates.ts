import type { Feature } from 'geojson';
import type { LayerDef } from '../layers/registry.ts';

/**
 * The demo's files are dated around one fixed day, so the generator writes the same files whenever it
 * runs. A store loaded with them a year later would show a year of deadlines passed: every hazard's
 * rectification overdue, every stock item expired. So a first start moves the demo's dates by the days
 * between that day and the day it is loaded: the duty room then opens on the handful of alerts the demo
 * was made to show (a few hazards overdue, some expired stock), and they age from there like real data.
 */

/** The day the demo's files are dated around: the last day of the plan year's first half. */
export const DEMO_AS_OF = '2025-06-30';

const DAY_MS = 86_400_000;

const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** YYYY-MM-DD `days` later (earlier when negative), on the calendar, whatever the machine's zone. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD to another. */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A stock list's rows with their expiry moved; anything that is not a list of rows stays as it is. */
function movedStock(stock: unknown, days: number): unknown {
  if (!Array.isArray(stock)) return stock;
  return stock.map((row) =>
    row && typeof row === 'object' && isDay((row as { expires_on?: unknown }).expires_on)
      ? { ...row, expires_on: addDays((row as { expires_on: string }).expires_on, days) }
      : row,
  );
}

/** The feature with each of its layer's date fields, and its stock's expiry dates, `days` later. */
export function movedDates(layer: LayerDef, feature: Feature, days: number): Feature {
  if (days === 0 || !feature.properties) return feature;
  const properties = { ...feature.properties };
  for (const field of layer.fields) {
    if (field.type === 'date' && isDay(properties[field.name]))
      properties[field.name] = addDays(properties[field.name], days);
  }
  if ('stock' in properties) properties.stock = movedStock(properties.stock, days);
  return { ...feature, properties };
}
