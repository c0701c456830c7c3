import type { FeatureCollection, LineString } from 'geojson';
import type { Dataset, MapSettings } from '../../catalog/datasets.ts';
import type { Publication } from '../../catalog/publications.ts';

/** The public endpoints the public map reads; no sign-in, nothing internal. */

export interface LiveShelter {
  id: string;
  status: 'open' | 'closed' | null;
  free_places: number | null;
  updated_at: string | null;
}

export interface Landing {
  dataset: Dataset | null;
  map?: MapSettings;
}

export type PublishedLayer = 'risk_zones' | 'shelters';

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Every version, newest first, withdrawn ones included: the latest is the first not withdrawn. */
export const fetchPublications = () =>
  getJson<{ publications: Publication[] }>('/publications').then((r) => r.publications);

export const layerPath = (version: number, layer: PublishedLayer) => `/publications/${version}/layers/${layer}`;

export const fetchPublishedLayer = (version: number, layer: PublishedLayer) =>
  getJson<FeatureCollection>(layerPath(version, layer));

export const fetchLive = (version: number) =>
  getJson<{ read_at: string; shelters: LiveShelter[] }>(`/publications/${version}/live`).then((r) => r.shelters);

export const fetchLanding = () => getJson<Landing>('/?f=json');

export interface Walk {
  method: 'road' | 'straight';
  /** Of the places asked, the one reached soonest on foot; null when no road leads to any. */
  nearest: { index: number; duration_s?: number; walked_m?: number; route?: LineString } | null;
}

/** The walk along the roads from a place to the nearest of some others (the straight line when there are no roads). */
export async function fetchWalk(from: [number, number], to: [number, number][]): Promise<Walk> {
  const response = await fetch('/analysis/walk', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ from, to }),
  });
  if (!response.ok) throw new Error(`/analysis/walk: HTTP ${response.status}`);
  return (await response.json()) as Walk;
}

/** The district and its townships: the background that needs no network. */
export const fetchBoundaries = () =>
  getJson<FeatureCollection>('/collections/admin_areas/items?level=district,township&limit=1000');
