/**
 * Incidents and stations are rarely on a road: each snaps to the nearest point of the nearest piece
 * (not the nearest node, which on a long rural road can be kilometres off), found with a flatbush index
 * over every segment's box in metres on a plane local to the district, then measured exactly. The snap
 * says how far off the road the point was, what it costs to drive from there to either end of its
 * piece, and how long the gap takes on foot at a slow speed, the way pgRouting's `withPoints` splits an
 * edge by fraction.
 */
import Flatbush from 'flatbush';
import { haversineM, metresPerDegree } from '../analysis/geometry.ts';
import type { LonLat } from '../analysis/types.ts';
import type { RoadGraph } from './graph.ts';

export interface Snap {
  piece: number;
  /** Where along the piece, as a fraction of its length from its source node. */
  t: number;
  /** The snapped position on the road, lon/lat. */
  at: LonLat;
  /** From the point to the road, metres. */
  snapM: number;
  /** Seconds walking that gap. */
  walkS: number;
  /** Seconds driving from the snapped position to the piece's source node, and to its target node. */
  toSourceS: number;
  toTargetS: number;
}

interface SegmentIndex {
  index: Flatbush;
  /** The piece of each segment and the shape vertex it starts at. */
  piece: Int32Array;
  start: Int32Array;
  /** Metres per degree of longitude and latitude on the index's plane. */
  kx: number;
  ky: number;
}

function buildIndex(graph: RoadGraph): SegmentIndex | undefined {
  const count = graph.shapeStart[graph.pieceCount] - graph.pieceCount;
  if (count <= 0) return undefined;
  let lat = 0;
  for (let v = 0; v < graph.nodeCount; v++) lat += graph.nodeLonLat[2 * v + 1];
  const m = metresPerDegree(lat / graph.nodeCount);
  const index = new Flatbush(count);
  const piece = new Int32Array(count);
  const start = new Int32Array(count);
  const s = graph.shape;
  for (let p = 0, k = 0; p < graph.pieceCount; p++) {
    for (let i = graph.shapeStart[p]; i + 1 < graph.shapeStart[p + 1]; i++, k++) {
      const [x0, x1] = [s[2 * i] * m.lon, s[2 * i + 2] * m.lon];
      const [y0, y1] = [s[2 * i + 1] * m.lat, s[2 * i + 3] * m.lat];
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
      piece[k] = p;
      start[k] = i;
    }
  }
  index.finish();
  return { index, piece, start, kx: m.lon, ky: m.lat };
}

const indexes = new WeakMap<RoadGraph, SegmentIndex | undefined>();

function indexOf(graph: RoadGraph): SegmentIndex | undefined {
  if (!indexes.has(graph)) indexes.set(graph, buildIndex(graph));
  return indexes.get(graph);
}

/** The nearest point of shape segment i (vertices i, i+1) to p, on the plane `m` local to p: [u, metres]. */
function nearestOnSegment(s: Float64Array, i: number, p: LonLat, m: { lat: number; lon: number }): [number, number] {
  const ax = (s[2 * i] - p[0]) * m.lon;
  const ay = (s[2 * i + 1] - p[1]) * m.lat;
  const dx = (s[2 * i + 2] - s[2 * i]) * m.lon;
  const dy = (s[2 * i + 3] - s[2 * i + 1]) * m.lat;
  const l2 = dx * dx + dy * dy;
  const u = l2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / l2)) : 0;
  return [u, Math.hypot(ax + u * dx, ay + u * dy)];
}

/** The segment nearest p: the k nearest boxes give a bound, then every box within it is measured. */
function nearestSegment(ix: SegmentIndex, s: Float64Array, p: LonLat): { k: number; u: number } {
  const [x, y] = [p[0] * ix.kx, p[1] * ix.ky];
  const m = metresPerDegree(p[1]);
  const best = { k: -1, u: 0, d: Number.POSITIVE_INFINITY };
  for (const k of ix.index.neighbors(x, y, 4)) closer(best, k, nearestOnSegment(s, ix.start[k], p, m));
  // The plane's scale is the district's, the measure's the point's: a generous margin covers the difference.
  for (const k of ix.index.neighbors(x, y, Number.POSITIVE_INFINITY, best.d * 1.02 + 1))
    closer(best, k, nearestOnSegment(s, ix.start[k], p, m));
  return best;
}

function closer(best: { k: number; u: number; d: number }, k: number, [u, d]: [number, number]) {
  if (d < best.d || (d === best.d && k < best.k)) {
    best.k = k;
    best.u = u;
    best.d = d;
  }
}

/** Points snapped once (stations, shelters), to be asked about many times. */
export interface Snapped {
  points: readonly LonLat[];
  snaps: (Snap | undefined)[];
}

export function snapAll(graph: RoadGraph, points: readonly LonLat[], walkKmh: number): Snapped {
  return { points, snaps: points.map((p) => snap(graph, p, walkKmh)) };
}

/** Where `p` meets the road network, walking at `walkKmh`; undefined when the graph has no roads. */
export function snap(graph: RoadGraph, p: LonLat, walkKmh: number): Snap | undefined {
  const ix = indexOf(graph);
  if (!ix) return undefined;
  const s = graph.shape;
  const { k, u } = nearestSegment(ix, s, p);
  const piece = ix.piece[k];
  const i = ix.start[k];
  const at: LonLat = [s[2 * i] + u * (s[2 * i + 2] - s[2 * i]), s[2 * i + 1] + u * (s[2 * i + 3] - s[2 * i + 1])];
  let alongM = haversineM(s[2 * i], s[2 * i + 1], at[0], at[1]);
  for (let j = graph.shapeStart[piece]; j < i; j++)
    alongM += haversineM(s[2 * j], s[2 * j + 1], s[2 * j + 2], s[2 * j + 3]);
  const t = Math.min(1, alongM / graph.pieceLengthM[piece]);
  const snapM = haversineM(p[0], p[1], at[0], at[1]);
  const cost = graph.pieceCost[piece];
  return { piece, t, at, snapM, walkS: snapM / (walkKmh / 3.6), toSourceS: t * cost, toTargetS: (1 - t) * cost };
}
