import type { Geometry, Position } from 'geojson';
import { refuse } from '../errors.ts';

/**
 * The geometry half of a shapefile (ESRI's 1998 white paper): points, multipoints, polylines and
 * polygons, with or without Z and M, which are dropped. Every offset is checked against the file,
 * so a damaged .shp is refused instead of read past its end.
 */

const NULL = 0;
const POINT = new Set([1, 11, 21]);
const POLYLINE = new Set([3, 13, 23]);
const POLYGON = new Set([5, 15, 25]);
const MULTIPOINT = new Set([8, 18, 28]);

function truncated(): never {
  refuse('file', '.shp 文件不完整或已损坏', 'the .shp is truncated or damaged');
}

/** Positive area: clockwise in x-east, y-north, which is how shapefiles draw outer rings. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[i][0] - ring[j][0]) * (ring[i][1] + ring[j][1]);
  }
  return sum / 2;
}

function inside(point: Position, ring: Position[]): boolean {
  let result = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) {
      result = !result;
    }
  }
  return result;
}

/** Outer rings are clockwise, holes counter-clockwise; each hole goes to the outer ring that holds it. */
function polygonOf(rings: Position[][]): Geometry {
  const polygons: Position[][][] = [];
  const holes: Position[][] = [];
  for (const ring of rings) {
    if (signedArea(ring) >= 0) polygons.push([ring.slice().reverse()]);
    else holes.push(ring.slice().reverse());
  }
  for (const hole of holes) {
    const owner = polygons.find((p) => inside(hole[0], p[0])) ?? polygons.at(-1);
    if (owner) owner.push(hole);
    else polygons.push([hole.slice().reverse()]);
  }
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

function partsOf(view: DataView, at: number, end: number): Position[][] {
  if (at + 40 > end) truncated();
  const partCount = view.getInt32(at + 36, true);
  const pointCount = view.getInt32(at + 40, true);
  const pointsAt = at + 44 + 4 * partCount;
  if (partCount < 0 || pointCount < 0 || pointsAt + 16 * pointCount > end) truncated();
  const starts = Array.from({ length: partCount }, (_, i) => view.getInt32(at + 44 + 4 * i, true));
  return starts.map((start, i) => {
    const stop = i + 1 < partCount ? starts[i + 1] : pointCount;
    if (start < 0 || stop > pointCount || start > stop) truncated();
    return Array.from({ length: stop - start }, (_, k) => {
      const p = pointsAt + 16 * (start + k);
      return [view.getFloat64(p, true), view.getFloat64(p + 8, true)];
    });
  });
}

function shapeOf(view: DataView, at: number, end: number): Geometry | null {
  if (at + 4 > end) truncated();
  const type = view.getInt32(at, true);
  if (type === NULL) return null;
  if (POINT.has(type)) {
    if (at + 20 > end) truncated();
    return { type: 'Point', coordinates: [view.getFloat64(at + 4, true), view.getFloat64(at + 12, true)] };
  }
  if (MULTIPOINT.has(type)) {
    if (at + 40 > end) truncated();
    const count = view.getInt32(at + 36, true);
    if (count < 0 || at + 40 + 16 * count > end) truncated();
    const points = Array.from({ length: count }, (_, i) => [
      view.getFloat64(at + 40 + 16 * i, true),
      view.getFloat64(at + 48 + 16 * i, true),
    ]);
    return count === 1 ? { type: 'Point', coordinates: points[0] } : { type: 'MultiPoint', coordinates: points };
  }
  if (POLYLINE.has(type)) {
    const parts = partsOf(view, at, end);
    return parts.length === 1
      ? { type: 'LineString', coordinates: parts[0] }
      : { type: 'MultiLineString', coordinates: parts };
  }
  if (POLYGON.has(type)) return polygonOf(partsOf(view, at, end));
  return refuse('file', `不支持形状类型 ${type}(多面体)`, `shape type ${type} (multipatch) is not supported`);
}

export function readShp(buf: Buffer): Array<Geometry | null> {
  if (buf.length < 100 || buf.readInt32BE(0) !== 9994)
    refuse('file', '.shp 文件不是 Shapefile', 'the .shp is not a shapefile');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const shapes: Array<Geometry | null> = [];
  for (let at = 100; at + 8 <= buf.length; ) {
    const length = 2 * buf.readInt32BE(at + 4);
    const start = at + 8;
    const end = start + length;
    if (length < 4 || end > buf.length) truncated();
    shapes.push(shapeOf(view, start, end));
    at = end;
  }
  return shapes;
}
