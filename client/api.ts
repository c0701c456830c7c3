import type { FeatureCollection } from 'geojson';
import { language } from './i18n/index.ts';

/** The client reads the same OGC API as any other client; nothing here is private to it. */

export interface Collection {
  id: string;
  title: string;
  titles: { zh: string; en: string };
  group: string;
  featureCount: number;
  extent: { spatial: { bbox: number[][] } };
}

export interface Landing {
  title: string;
  dataset: { demo: boolean; name: string; note?: string } | null;
}

export interface FieldSchema {
  title: string;
  format?: string;
  'x-unit'?: string;
  'x-value-labels'?: Record<string, string>;
}

async function getJson<T>(path: string): Promise<T> {
  // The interface language, not the browser's, decides the labels the API returns.
  const response = await fetch(path, { headers: { accept: 'application/json', 'accept-language': language() } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json() as Promise<T>;
}

export const fetchLanding = () => getJson<Landing>('/?f=json');
export const fetchCollections = () => getJson<{ collections: Collection[] }>('/collections').then((r) => r.collections);
export const fetchSchema = (id: string) =>
  getJson<{ properties: Record<string, FieldSchema> }>(`/collections/${id}/schema`).then((r) => r.properties);

/** Every feature of a layer, following the paging links. */
export async function fetchAllItems(id: string): Promise<FeatureCollection> {
  const features: FeatureCollection['features'] = [];
  let next: string | undefined = `/collections/${id}/items?limit=10000`;
  while (next) {
    const page: FeatureCollection & { links: { rel: string; href: string }[] } = await getJson(next);
    features.push(...page.features);
    const link = page.links.find((l) => l.rel === 'next')?.href;
    next = link ? new URL(link).pathname + new URL(link).search : undefined;
  }
  return { type: 'FeatureCollection', features };
}
