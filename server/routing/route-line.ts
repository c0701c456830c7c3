/**
 * A route or a reach drawn from the graph: stretches of pieces (whole or partial, either way along
 * their geometry) joined into one line, with its length along the roads. Pieces keep their own
 * vertices, so what is drawn follows the road, not the chord between two junctions.
 */
import type { LineString, Position } from 'geojson';
import { haversineM } from '../analysis/geometry.ts';
import type { LonLat } from '../analysis/types.ts';
import type { Csr, RoadGraph } from './graph.ts';

/** Piece `piece` from fraction t0 to fraction t1 of its length (t1 < t0 runs against its geometry). */
export interface Stretch {
  piece: number;
  t0: number;
  t1: number;
}

/** GeoJSON here carries 7 decimals (about 1 cm); a cut end computed to 16 would be noise, and break joins. */
const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** The vertices of a stretch, the cut ends interpolated along the piece. */
export function stretchShape(graph: RoadGraph, { piece, t0, t1 }: Stretch): Position[] {
  if (t1 < t0) return stretchShape(graph, { piece, t0: t1, t1: t0 }).reverse();
  const s = graph.shape;
  const total = graph.pieceLengthM[piece];
  const [from, to] = [t0 * total, t1 * total];
  const out: Position[] = [];
  let walked = 0;
  for (let i = graph.shapeStart[piece]; i + 1 < graph.shapeStart[piece + 1]; i++) {
    const step = haversineM(s[2 * i], s[2 * i + 1], s[2 * i + 2], s[2 * i + 3]);
    const at = (m: number): Position => {
      const u = step > 0 ? Math.min(1, Math.max(0, (m - walked) / step)) : 0;
      return [
        round7(s[2 * i] + u * (s[2 * i + 2] - s[2 * i])),
        round7(s[2 * i + 1] + u * (s[2 * i + 3] - s[2 * i + 1])),
      ];
    };
    if (out.length === 0 && from <= walked + step) out.push(at(from));
    if (out.length > 0 && to <= walked + step) {
      out.push(at(to));
      return out;
    }
    if (out.length > 0) out.push([s[2 * i + 2], s[2 * i + 3]]);
    walked += step;
  }
  // Rounding left `to` a hair past the last vertex: the stretch ends there.
  const last = graph.shapeStart[piece + 1] - 1;
  if (out.length === 0) out.push([s[2 * last], s[2 * last + 1]]);
  out.push([s[2 * last], s[2 * last + 1]]);
  return out;
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** Stretches joined into one line from `start` to `end` (off-road ends walked straight), and its road metres. */
export function routeLine(
  graph: RoadGraph,
  stretches: readonly Stretch[],
  start: LonLat,
  end: LonLat,
): { line: LineString; distanceM: number } {
  const coordinates: Position[] = [[round7(start[0]), round7(start[1])]];
  let distanceM = 0;
  const add = (p: Position) => {
    if (!same(p, coordinates[coordinates.length - 1])) coordinates.push([p[0], p[1]]);
  };
  for (const stretch of stretches) {
    distanceM += Math.abs(stretch.t1 - stretch.t0) * graph.pieceLengthM[stretch.piece];
    for (const p of stretchShape(graph, stretch)) add(p);
  }
  const last: Position = [round7(end[0]), round7(end[1])];
  add(last);
  if (coordinates.length === 1) coordinates.push(last);
  return { line: { type: 'LineString', coordinates }, distanceM };
}

/** The stretch an arc drives: its whole piece, in the arc's direction. */
export function arcStretch(arc: number, arcs: Csr): Stretch {
  return arcs.against[arc] ? { piece: arcs.pieces[arc], t0: 1, t1: 0 } : { piece: arcs.pieces[arc], t0: 0, t1: 1 };
}

/** A point on a piece, as a snap gives it. */
interface OnPiece {
  piece: number;
  t: number;
}

/** How a route leaves the origin's piece (by its side 0 or 1), the arcs it drives, and the side it enters by. */
interface Via {
  originSide: number;
  arcs: Stretch[];
  destinationSide: number;
}

/** The stretches of a route between two points on the roads: through the graph, or along one piece when `via` is null. */
export function routeStretches(origin: OnPiece, destination: OnPiece, via: Via | null): Stretch[] {
  if (!via) return [{ piece: origin.piece, t0: origin.t, t1: destination.t }];
  return [
    { piece: origin.piece, t0: origin.t, t1: via.originSide },
    ...via.arcs,
    { piece: destination.piece, t0: via.destinationSide, t1: destination.t },
  ];
}
