/**
 * A road network as a router reads one: routes drawn between waypoints, winding a little as roads
 * do, cut into segments whose ends are the network's nodes. A route that starts or ends at a node
 * of another ends on exactly that node's rounded position, so the segments share the vertex there
 * and a router joins them; roads only cross where a node says so (the expressway passes over the
 * rest on bridges, with no node, as an expressway does).
 */
import type { Position } from 'geojson';
import type { RoadClass } from '../../../catalog/road-classes.ts';
import { distanceM, type LonLat, offset, roundPoint } from '../geometry.ts';
import type { Random } from '../random.ts';

export interface Route {
  name: string;
  ref: string;
  roadClass: RoadClass;
  techGrade: string | null;
  speedKmh: number | null;
  oneway: boolean;
}

export interface Segment {
  route: Route;
  /** Rounded positions, the first and last the network's nodes. */
  path: LonLat[];
  bridge: boolean;
  tunnel: boolean;
  closed: boolean;
  closureNote: string | null;
}

export interface Drawing {
  /** Distance between drawn vertices. */
  stepM: number;
  /** How far a segment runs before it ends on a node. */
  segmentM: number;
  /** Sideways wander as a share of a leg's length: hills wind, the plain runs straight. */
  wander: number;
}

const keyOf = (p: LonLat) => `${p[0]},${p[1]}`;

/** Squared planar distance in metre-ish units: enough to find the nearest node within a district. */
function near2(a: Position, b: Position): number {
  const dx = (a[0] - b[0]) * 100_500;
  const dy = (a[1] - b[1]) * 111_000;
  return dx * dx + dy * dy;
}

export class RoadNetwork {
  readonly segments: Segment[] = [];
  private readonly nodes = new Map<string, { point: LonLat; joinable: boolean }>();

  constructor(private readonly rng: Random) {}

  /** The node nearest a point that a new road may join (not an expressway's, except its interchanges). */
  nearestNode(point: Position, except: (p: LonLat) => boolean = () => false): LonLat | undefined {
    let best: LonLat | undefined;
    let bestD = Number.POSITIVE_INFINITY;
    for (const { point: p, joinable } of this.nodes.values()) {
      if (!joinable || except(p)) continue;
      const d = near2(p, point);
      if (d < bestD) [best, bestD] = [p, d];
    }
    return best;
  }

  /** Lets roads join the network at a node that was not joinable (an expressway's interchange). */
  openInterchange(point: LonLat): void {
    const node = this.nodes.get(keyOf(roundPoint(point)));
    if (node) node.joinable = true;
  }

  /** Draws a route through its waypoints; each waypoint becomes a node. */
  addRoute(route: Route, waypoints: LonLat[], drawing: Drawing, joinable = true): void {
    const points: LonLat[] = [roundPoint(waypoints[0])];
    const ends = new Set<number>([0]);
    for (let i = 1; i < waypoints.length; i++) {
      points.push(...this.leg(waypoints[i - 1], waypoints[i], drawing).slice(1));
      ends.add(points.length - 1);
    }
    let start = 0;
    let run = 0;
    for (let i = 1; i < points.length; i++) {
      run += distanceM(points[i - 1], points[i]);
      if (ends.has(i) || run >= drawing.segmentM || this.nodes.has(keyOf(points[i]))) {
        this.addSegment(route, points.slice(start, i + 1), joinable);
        [start, run] = [i, 0];
      }
    }
  }

  private addSegment(route: Route, path: LonLat[], joinable: boolean): void {
    for (const end of [path[0], path[path.length - 1]]) {
      const key = keyOf(end);
      if (!this.nodes.has(key)) this.nodes.set(key, { point: end, joinable });
    }
    this.segments.push({ route, path, bridge: false, tunnel: false, closed: false, closureNote: null });
  }

  /** Vertices every `stepM` from a to b, bent sideways by two gentle waves that vanish at both ends. */
  private leg(a: LonLat, b: LonLat, drawing: Drawing): LonLat[] {
    const length = distanceM(a, b);
    const steps = Math.max(1, Math.round(length / drawing.stepM));
    const waves = [1, 3].map((k) => ({
      k,
      amp: this.rng.between(-1, 1) * drawing.wander * length * (k === 1 ? 1 : 0.25),
    }));
    const east = (b[0] - a[0]) * 100_500;
    const north = (b[1] - a[1]) * 111_000;
    const norm = Math.hypot(east, north) || 1;
    const points: LonLat[] = [];
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      const side = waves.reduce((sum, w) => sum + w.amp * Math.sin(Math.PI * w.k * t), 0);
      const along: LonLat = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      const p = s === 0 ? a : s === steps ? b : offset(along, (-north / norm) * side, (east / norm) * side);
      const rounded = roundPoint(p);
      const last = points[points.length - 1];
      if (!last || keyOf(last) !== keyOf(rounded)) points.push(rounded);
    }
    return points;
  }
}
