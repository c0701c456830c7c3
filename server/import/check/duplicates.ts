import { centroid, distance } from '@turf/turf';
import type { Geometry } from 'geojson';
import type { LayerDef } from '../../layers/registry.ts';
import type { BBox, Store } from '../../store/index.ts';
import type { LikelyDuplicate } from '../report.ts';
import { turnEvery } from '../turns.ts';
import type { Candidate } from './candidates.ts';

/**
 * Likely duplicates: the same name within 50 m, two rows of the file or a row and a stored feature
 * it would not update (another source or external id). They are reported, not refused: two
 * shelters on one square can be real.
 */

const RADIUS_M = 50;
// About 50 m in degrees of latitude, with room: only a prefilter before the exact distance.
const PAD_DEG = 0.001;

const nameKey = (name: unknown) =>
  String(name ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '');

function pointOf(geometry: Geometry): [number, number] {
  if (geometry.type === 'Point') return geometry.coordinates as [number, number];
  return centroid(geometry).geometry.coordinates as [number, number];
}

const metres = (a: [number, number], b: [number, number]) => Math.round(distance(a, b, { units: 'meters' }) * 10) / 10;

function extentOf(points: Array<[number, number]>): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    box[0] = Math.min(box[0], x - PAD_DEG);
    box[1] = Math.min(box[1], y - PAD_DEG);
    box[2] = Math.max(box[2], x + PAD_DEG);
    box[3] = Math.max(box[3], y + PAD_DEG);
  }
  return box;
}

export async function likelyDuplicates(
  store: Store,
  layer: LayerDef,
  candidates: Candidate[],
): Promise<LikelyDuplicate[]> {
  const rows = candidates
    .filter((c) => c.geometry && !c.problems.length)
    .map((c) => ({ c, key: nameKey(c.properties.name), at: pointOf(c.geometry as Geometry) }));
  if (rows.length === 0) return [];
  const found: LikelyDuplicate[] = [];

  const byName = new Map<string, typeof rows>();
  for (const [i, row] of rows.entries()) {
    await turnEvery(i);
    const group = byName.get(row.key);
    if (group) group.push(row);
    else byName.set(row.key, [row]);
  }
  for (const group of byName.values()) {
    for (let i = 1; i < group.length; i++) {
      for (let j = 0; j < i; j++) {
        const d = metres(group[i].at, group[j].at);
        if (d <= RADIUS_M) {
          found.push({
            row: group[i].c.row,
            name: String(group[i].c.properties.name),
            distance_m: d,
            otherRow: group[j].c.row,
          });
          break;
        }
      }
    }
  }

  const { features } = await store.listItems(layer, {
    audience: 'internal',
    bbox: extentOf(rows.map((r) => r.at)),
    filters: [],
    limit: 100_000,
    offset: 0,
  });
  const stored = new Map<string, typeof features>();
  for (const f of features) {
    const key = nameKey(f.properties?.name);
    if (byName.has(key)) stored.set(key, [...(stored.get(key) ?? []), f]);
  }
  for (const [i, row] of rows.entries()) {
    await turnEvery(i);
    for (const f of stored.get(row.key) ?? []) {
      const p = f.properties ?? {};
      if (p.source === row.c.properties.source && p.external_id === row.c.properties.external_id) continue;
      const d = metres(row.at, pointOf(f.geometry));
      if (d <= RADIUS_M) {
        const ref = {
          id: String(f.id),
          source: (p.source as string) ?? null,
          external_id: (p.external_id as string) ?? null,
        };
        found.push({ row: row.c.row, name: String(row.c.properties.name), distance_m: d, stored: ref });
        break;
      }
    }
  }
  return found.sort((a, b) => a.row - b.row);
}
