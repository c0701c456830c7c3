import gcoordModule from 'gcoord';
import type { Geometry, Position } from 'geojson';
import type { Transform } from './crs.ts';

// gcoord is CommonJS whose types describe an ES default export: at run time the default import is
// the API itself, to the type checker it is a module holding it.
type Gcoord = typeof gcoordModule.default;
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

/** Coordinates are stored with 7 decimals (about 1 cm), as RFC 7946 advises; more is noise. */
const SCALE = 1e7;
const round = (v: number) => Math.round(v * SCALE) / SCALE;

export type Offset = 'gcj02' | 'bd09';

/** A coordinate cell: a number, "119.12", or degrees-minutes-seconds as sheets write them (119°07′12.5″E). */
export function parseCoordinate(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.normalize('NFKC').trim().replace(/\s+/g, '');
  const direction = /[EWNS东西南北]$/i.exec(text)?.[0];
  const body = direction ? text.slice(0, -1) : text;
  const sign = direction && /[WS西南]/i.test(direction) ? -1 : 1;
  if (body === '') return undefined;
  const plain = Number(body);
  if (Number.isFinite(plain)) return sign * plain;
  const dms = /^(\d+(?:\.\d+)?)[°度](?:(\d+(?:\.\d+)?)['′分])?(?:(\d+(?:\.\d+)?)(?:"|″|''|′′|秒)?)?$/.exec(body);
  if (!dms) return undefined;
  return sign * (Number(dms[1]) + Number(dms[2] ?? 0) / 60 + Number(dms[3] ?? 0) / 3600);
}

function mapPositions(geometry: Geometry, fn: (p: Position) => Position): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: fn(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: geometry.type, coordinates: geometry.coordinates.map(fn) } as Geometry;
    case 'MultiLineString':
    case 'Polygon':
      return { type: geometry.type, coordinates: geometry.coordinates.map((l) => l.map(fn)) } as Geometry;
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map((l) => l.map(fn))) };
    default:
      return geometry;
  }
}

/** Every position through the CRS transform and the GCJ-02/BD-09 correction, then rounded; heights dropped. */
export function toStoredGeometry(geometry: Geometry, transform: Transform, offset?: Offset): Geometry {
  const from = offset === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  return mapPositions(geometry, (p) => {
    let lonLat = transform(p[0], p[1]);
    if (offset) lonLat = gcoord.transform(lonLat, from, gcoord.WGS84) as [number, number];
    return [round(lonLat[0]), round(lonLat[1])];
  });
}

/** The first position, which stands for the geometry when its CRS is decided. */
export function firstPosition(geometry: Geometry | null | undefined): [number, number] | undefined {
  if (!geometry || !('coordinates' in geometry)) return undefined;
  let value: unknown = geometry.coordinates;
  while (Array.isArray(value) && Array.isArray(value[0])) value = value[0];
  const [x, y] = (value as number[] | undefined) ?? [];
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)
    ? [x, y]
    : undefined;
}
