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
 * The n nearest shelters that take people, by great-circle distance (Turf's haversine, as the
 * server's analyses measure), ties broken by id, nearest first: the few a walk along the roads then
 * chooses among. A district has a few hundred shelters, so a scan is quicker than building an index.
 */
export function nearestOpenShelters(from: [number, number], shelters: ShelterPoint[], n: number): Nearest[] {
  return shelters
    .filter(takesPeople)
    .map((shelter) => ({ shelter, km: distance(from, shelter.at, { units: 'kilometers' }) }))
    .sort((a, b) => a.km - b.km || (a.shelter.id < b.shelter.id ? -1 : a.shelter.id > b.shelter.id ? 1 : 0))
    .slice(0, n);
}

/** The nearest shelter that takes people in a straight line; undefined when none does. */
export function nearestOpenShelter(from: [number, number], shelters: ShelterPoint[]): Nearest | undefined {
  return nearestOpenShelters(from, shelters, 1)[0];
}
