import { distance } from '@turf/turf';

export interface ShelterPoint {
  id: string;
  /** Longitude, latitude. */
  at: [number, number];
  status: 'open' | 'closed' | null;
  free_places: number | null;
}

export interface Nearest {
  shelter: ShelterPoint;
  km: number;
}

/** Somewhere a person can go now: open, with at least one free place. */
export const takesPeople = (s: ShelterPoint) => s.status === 'open' && (s.free_places ?? 0) > 0;

/**
 * The nearest shelter that takes people, by great-circle distance (Turf's haversine, as the
 * server's analyses measure), ties broken by id; undefined when none does. A district has a few
 * hundred shelters, so a scan is quicker than building an index.
 */
export function nearestOpenShelter(from: [number, number], shelters: ShelterPoint[]): Nearest | undefined {
  let best: Nearest | undefined;
  for (const shelter of shelters) {
    if (!takesPeople(shelter)) continue;
    const km = distance(from, shelter.at, { units: 'kilometers' });
    if (!best || km < best.km || (km === best.km && shelter.id < best.shelter.id)) best = { shelter, km };
  }
  return best;
}
