/**
 * What the routing graph accepts from a roads layer, checked before anything is built: line geometry
 * with at least two distinct vertices in every part, and a speed — the road's own `speed_kmh`, or its
 * class's from the profile — inside (0, 200] km/h. Every problem of every road is named at once (by its
 * place in the input, with its id), so a planner fixes a layer in one pass rather than one road a try.
 * Closed roads are checked too: they come back into the graph when they reopen.
 */
import type { Feature, LineString, MultiLineString, Position } from 'geojson';
import type { NamedProblem } from '../input/named-issues.ts';
import { InvalidRoads } from './errors.ts';

export type RoadFeature = Feature<LineString | MultiLineString | null, Record<string, unknown> | null>;

/** km/h by road class, as the profile's `roads.speeds_kmh` gives it. */
export type Speeds = Readonly<Record<string, number>>;

const MAX_SPEED_KMH = 200;

export interface RoadInput {
  /** Each part of each road, in input order. */
  parts: Position[][][];
  /** The speed each road is driven at, km/h. */
  speedKmh: Float64Array;
  /** 1 when the road is closed and stays out of the graph. */
  closed: Uint8Array;
  /** 1 when the road may be driven only along its geometry's direction. */
  oneway: Uint8Array;
}

const inRange = (kmh: unknown): kmh is number =>
  typeof kmh === 'number' && Number.isFinite(kmh) && kmh > 0 && kmh <= MAX_SPEED_KMH;

/** Why a road's parts cannot be routed on, if they cannot: loops, not closures, for a million vertices. */
function lineProblem(parts: Position[][]): string | undefined {
  for (const part of parts) {
    if (!Array.isArray(part)) return 'has a part that is not a list of positions';
    let distinct = false;
    for (const p of part) {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') return NOT_LON_LAT;
      if (!(Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90)) return NOT_LON_LAT;
      // Rounded as the graph rounds, so that two distinct vertices are two nodes' worth.
      distinct ||=
        Math.round(p[0] * 1e7) !== Math.round(part[0][0] * 1e7) ||
        Math.round(p[1] * 1e7) !== Math.round(part[0][1] * 1e7);
    }
    if (!distinct) return 'has a part with only one vertex';
  }
  return undefined;
}

const NOT_LON_LAT = 'has a position that is not a longitude and latitude';

function partsOf(feature: RoadFeature): Position[][] | undefined {
  const g = feature?.geometry;
  if (g?.type === 'LineString') return [g.coordinates];
  if (g?.type === 'MultiLineString' && g.coordinates.length > 0) return g.coordinates;
  return undefined;
}

function speedOf(props: Record<string, unknown>, speeds: Speeds, i: number, problems: NamedProblem[]): number {
  const own = props.speed_kmh;
  if (own !== undefined && own !== null) {
    if (inRange(own)) return own;
    problems.push({ name: `features[${i}].properties.speed_kmh`, reason: `is ${String(own)} km/h, outside (0, 200]` });
    return Number.NaN;
  }
  const kind = props.class;
  if (typeof kind === 'string' && Object.hasOwn(speeds, kind)) return speeds[kind];
  problems.push({
    name: `features[${i}].properties.class`,
    reason: `${JSON.stringify(kind ?? null)} is not a road class with a speed, and the road has no speed_kmh`,
  });
  return Number.NaN;
}

/** The speeds table itself: every class's speed inside (0, 200] km/h. */
function speedsProblems(speeds: Speeds): NamedProblem[] {
  return Object.entries(speeds)
    .filter(([, kmh]) => !inRange(kmh))
    .map(([kind, kmh]) => ({ name: `speeds.${kind}`, reason: `is ${String(kmh)} km/h, outside (0, 200]` }));
}

/** The roads as the graph reads them, or InvalidRoads naming every road that cannot be routed on. */
export function readRoads(features: readonly RoadFeature[], speeds: Speeds): RoadInput {
  const problems = speedsProblems(speeds);
  const n = features.length;
  const input: RoadInput = {
    parts: new Array(n),
    speedKmh: new Float64Array(n),
    closed: new Uint8Array(n),
    oneway: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const feature = features[i];
    const before = problems.length;
    const parts = partsOf(feature);
    const bad = parts ? lineProblem(parts) : 'is not a LineString or MultiLineString';
    if (bad) problems.push({ name: `features[${i}].geometry`, reason: bad });
    const props = feature?.properties ?? {};
    input.speedKmh[i] = speedOf(props, speeds, i, problems);
    if (feature?.id !== undefined)
      for (let p = before; p < problems.length; p++) problems[p].reason += ` (road ${String(feature.id)})`;
    input.parts[i] = parts ?? [];
    input.closed[i] = props.status === 'closed' ? 1 : 0;
    input.oneway[i] = props.oneway === true ? 1 : 0;
  }
  if (problems.length > 0) throw new InvalidRoads(problems);
  return input;
}
