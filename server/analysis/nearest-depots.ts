/**
 * The nearest depots for a need: those holding enough of every item asked (complete matches first,
 * partial ones with what they lack). Stock rows of one item are added up; rows past their expiry date
 * count only when no date is given (the function is pure, so "today" is an argument). Unknown items
 * are for the caller to refuse: `knownItems` lists the ones some depot stocks.
 */
import { featuresOf } from './geometry.ts';
import { nearest, type PointIndex } from './nearest.ts';
import type { AnyFeature, Layer, LonLat, PointFeature, Reached } from './types.ts';

export interface StockRow {
  item: string;
  quantity: number;
  unit: string;
  expires_on: string | null;
}

export interface ItemNeed {
  item: string;
  quantity: number;
}

export interface ItemHeld {
  item: string;
  asked: number;
  /** Usable on the day asked: rows past their expiry date are not counted. */
  held: number;
  /** Held but expired on the day asked: shown, never counted. */
  expired: number;
  unit: string | null;
  /** How many more would be needed; 0 when the depot holds enough. */
  short: number;
}

export interface DepotMatch {
  complete: boolean;
  items: ItemHeld[];
  lacking: ItemHeld[];
}

export type DepotResult = Reached & DepotMatch;

function stockRows(depot: AnyFeature): StockRow[] {
  const stock = depot.properties?.stock;
  return Array.isArray(stock) ? (stock as StockRow[]) : [];
}

interface Held {
  quantity: number;
  expired: number;
  unit: string | null;
}

/** What a depot holds of each item: usable on `asOf` (an ISO date) when given, and what has expired by then. */
export function stockOf(depot: AnyFeature, asOf?: string): Map<string, Held> {
  const held = new Map<string, Held>();
  for (const row of stockRows(depot)) {
    if (typeof row?.item !== 'string' || !(row.quantity > 0)) continue;
    const entry = held.get(row.item) ?? { quantity: 0, expired: 0, unit: row.unit ?? null };
    if (asOf && row.expires_on && row.expires_on < asOf) entry.expired += row.quantity;
    else entry.quantity += row.quantity;
    held.set(row.item, entry);
  }
  return held;
}

/** How a depot meets a list of needs. */
export function matchStock(depot: AnyFeature, needs: ItemNeed[], asOf?: string): DepotMatch {
  const held = stockOf(depot, asOf);
  const items = needs.map(({ item, quantity }) => {
    const h = held.get(item);
    const have = h?.quantity ?? 0;
    const expired = h?.expired ?? 0;
    return { item, asked: quantity, held: have, expired, unit: h?.unit ?? null, short: Math.max(0, quantity - have) };
  });
  const lacking = items.filter((i) => i.short > 0);
  return { complete: lacking.length === 0, items, lacking };
}

export interface DepotSearch {
  k: number;
  maxDistanceM?: number;
  needs: ItemNeed[];
  asOf?: string;
}

/**
 * The k nearest depots holding every asked item in the asked quantity, and the k nearest holding
 * some of them (at least one asked item) with what they lack.
 */
export function nearestDepots(
  index: PointIndex,
  from: LonLat,
  search: DepotSearch,
): { complete: DepotResult[]; partial: DepotResult[] } {
  const { k, maxDistanceM } = search;
  const { holdsAll, holdsSome, withMatch } = depotNeed(search);
  const complete = nearest(index, from, { k, maxDistanceM, accept: holdsAll }).map(withMatch);
  const partial = nearest(index, from, { k, maxDistanceM, accept: holdsSome }).map(withMatch);
  return { complete, partial };
}

/**
 * What `nearestDepots` asks of a depot — all of the need, or some of it but not all — and a found
 * depot with what it holds of the need: for rankings other than the in-memory index.
 */
export function depotNeed({ needs, asOf }: Pick<DepotSearch, 'needs' | 'asOf'>) {
  if (needs.length === 0) throw new RangeError('ask for at least one item');
  for (const n of needs) if (!(n.quantity > 0)) throw new RangeError(`quantity of ${n.item} must be positive`);
  const match = (f: PointFeature) => matchStock(f as AnyFeature, needs, asOf);
  return {
    holdsAll: (f: PointFeature) => match(f).complete,
    holdsSome: (f: PointFeature) => {
      const m = match(f);
      return !m.complete && m.items.some((i) => i.held > 0);
    },
    withMatch: (r: Reached): DepotResult => ({ ...r, ...match(r.feature) }),
  };
}

/** Every item name some depot stocks, sorted. */
export function knownItems(depots: Layer): string[] {
  const items = new Set<string>();
  for (const d of featuresOf(depots))
    for (const row of stockRows(d)) if (typeof row?.item === 'string') items.add(row.item);
  return [...items].sort();
}
