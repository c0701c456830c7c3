/**
 * Fire-station response (涵江 "5分钟到场") measured on the roads, as GB 51080 means it: where a crew
 * can drive within the profile's response minutes, not a disc. Each station's reach is the stretches of
 * road it drives within the limit, stamped onto the analyses' coverage grid and grown by the access
 * distance (the last ~100 m on foot from the road, server/routing/reach-grid.ts), so areas, their union
 * per township and the overlap of two or more stations are counted on the same cells as the straight
 * line's discs. A village counts as reached when the first station's time to it by road (the walk
 * between the road and the village at the profile's walking speed included) is within the limit; which
 * station that is and how many seconds it takes come from one search from every station at once
 * (server/routing/first-arrivals.ts). The gap between a station (or a village) and its nearest road is
 * crossed at the profile's fire speed, the crew's assumed speed where no road is mapped: a fire engine
 * leaves its yard driving, not on foot, and a yard left off the roads layer must not cost the whole
 * five minutes. The reach is drawn as each station's own cells, dissolved into
 * polygons, each cell given to the station nearest along the roads stamped on it.
 */
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { firstArrivals } from '../routing/first-arrivals.ts';
import type { RoadGraph } from '../routing/graph.ts';
import { reachOnGrid } from '../routing/reach-grid.ts';
import { type ReachedStretches, reachStretches } from '../routing/reach-within.ts';
import { stretchShape } from '../routing/route-line.ts';
import { type Snap, snap, snapAll } from '../routing/snap.ts';
import { countedStations, type FireFigures, type FireOptions, reachedArea } from './coverage-fire.ts';
import { featuresOf, str } from './geometry.ts';
import { DEFAULT_CELL_M, type Grid, traceRegions } from './grid.ts';
import { type Resident, residentsOf, tallyPeople, uncoveredFeatures } from './reach.ts';
import type { Roads } from './roads.ts';
import { TownshipLocator } from './townships.ts';
import type { AnyFeature, Layers, Profile, Props } from './types.ts';

/** From the road to a door, on foot: what a reached stretch of road covers either side of it. */
const ACCESS_M = 100;

/** What one station reaches on its own, overlap with others included. */
interface StationReach {
  id: string | number | null;
  name: string | null;
  areaKm2: number | null;
  residents: number;
  villages: number;
}

export interface FireCoverageByRoad extends FireFigures {
  method: 'road';
  limitS: number;
  accessM: number;
  /** km/h over the gap between a station or a village and its road: the crew's assumed speed off the mapped roads. */
  offRoadKmh: number;
  /** Road ids the question closed, not in the store. */
  closed: string[];
  /** Reached by two stations or more: area (null with nothing to measure over), residents, villages. */
  overlap: { areaKm2: number | null; residents: number; villages: number };
  perStation: StationReach[];
  /** Every village with the station arriving first (`first_station`, null when none can) and its seconds. */
  villages: FeatureCollection<Point, Props>;
  /** The cells each station reaches first, dissolved: one polygon per patch, labelled with its station. */
  reach: FeatureCollection<Polygon, { station: string | number | null; name: string | null }>;
}

type Station = { feature: AnyFeature; position: [number, number] };

/** Stations and villages where they meet the roads. */
interface Snaps {
  stations: (Snap | undefined)[];
  villages: (Snap | undefined)[];
}

/** Each village's first station and its seconds, as properties a village carries. */
function arrivalProps(stations: Station[], source: Int32Array, seconds: Float64Array, limitS: number) {
  return (_r: Resident, i: number): Props => {
    const s = source[i] >= 0 ? stations[source[i]].feature : undefined;
    return {
      first_station: s?.id ?? null,
      first_station_name: s ? str(s.properties, 'name') : null,
      first_s: Number.isFinite(seconds[i]) ? seconds[i] : null,
      in_time: seconds[i] <= limitS,
    };
  };
}

/** The rows and columns a reach can have stamped: its stretches' box, grown by the access distance. */
function windowOf(graph: RoadGraph, grid: Grid, stretches: ReachedStretches): [number, number, number, number] {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  stretches.piece.forEach((piece, i) => {
    for (const [lon, lat] of stretchShape(graph, { piece, t0: stretches.t0[i], t1: stretches.t1[i] })) {
      [west, east] = [Math.min(west, lon), Math.max(east, lon)];
      [south, north] = [Math.min(south, lat), Math.max(north, lat)];
    }
  });
  let side = Infinity;
  for (let r = 0; r < grid.rows; r++) side = Math.min(side, grid.rowWidthM[r], grid.rowHeightM[r]);
  const margin = Math.ceil(ACCESS_M / side) + 2;
  const col = (lon: number) => Math.floor((lon - grid.west) / grid.dLon);
  const row = (lat: number) => Math.floor((lat - grid.south) / grid.dLat);
  return [
    Math.max(0, row(south) - margin),
    Math.min(grid.rows - 1, row(north) + margin),
    Math.max(0, col(west) - margin),
    Math.min(grid.cols - 1, col(east) + margin),
  ];
}

/** Rows r0..r1 and columns c0..c1 of a grid as a grid of their own, cell for cell the same. */
function windowGrid(grid: Grid, r0: number, r1: number, c0: number, c1: number): Grid {
  return {
    ...grid,
    west: grid.west + c0 * grid.dLon,
    south: grid.south + r0 * grid.dLat,
    cols: c1 - c0 + 1,
    rows: r1 - r0 + 1,
    rowAreaM2: grid.rowAreaM2.subarray(r0, r1 + 1),
    rowWidthM: grid.rowWidthM.subarray(r0, r1 + 1),
    rowHeightM: grid.rowHeightM.subarray(r0, r1 + 1),
  };
}

interface GridTally {
  stationM2: Float64Array;
  overlapM2: number;
  polygons: Feature<Polygon>[];
}

/**
 * Each station's reach stamped on its own window of the grid: its area, and the count per cell the
 * union and the overlap read. A station's reach costs its neighbourhood, not the district.
 */
function stampEach(roads: Roads, stations: Station[], limitS: number, grid: Grid, labels: Uint16Array, out: GridTally) {
  const count = new Uint8Array(grid.cols * grid.rows);
  stations.forEach((s, k) => {
    const { stretches } = reachStretches(roads.graph, [s.position], limitS, roads.walkKmh);
    const [r0, r1, c0, c1] = windowOf(roads.graph, grid, stretches);
    if (r1 < r0 || c1 < c0) return;
    const part = windowGrid(grid, r0, r1, c0, c1);
    const cells = reachOnGrid(roads.graph, part, stretches, ACCESS_M);
    for (let r = 0, j = 0; r < part.rows; r++)
      for (let c = 0, i = (r0 + r) * grid.cols + c0; c < part.cols; c++, i++, j++) {
        if (cells[j] < 0 || labels[i] === 0) continue;
        count[i] = Math.min(255, count[i] + 1);
        out.stationM2[k] += grid.rowAreaM2[r0 + r];
        if (count[i] === 2) out.overlapM2 += grid.rowAreaM2[r0 + r];
      }
  });
  return count;
}

/** The cells inside the areas each station reaches first, from one search from all of them, as polygons. */
function traceFirst(roads: Roads, stations: Station[], limitS: number, grid: Grid, labels: Uint16Array) {
  const positions = stations.map((s) => s.position);
  const { stretches } = reachStretches(roads.graph, positions, limitS, roads.walkKmh);
  const [r0, r1, c0, c1] = windowOf(roads.graph, grid, stretches);
  if (r1 < r0 || c1 < c0) return [];
  const part = windowGrid(grid, r0, r1, c0, c1);
  const first = reachOnGrid(roads.graph, part, stretches, ACCESS_M);
  const inside = (j: number) => labels[(r0 + Math.floor(j / part.cols)) * grid.cols + c0 + (j % part.cols)] > 0;
  return traceRegions(part, (j) => (first[j] >= 0 && inside(j) ? first[j] + 1 : 0)).map((region): Feature<Polygon> => {
    const s = stations[region.label - 1].feature;
    return {
      type: 'Feature',
      geometry: region.polygon,
      properties: { station: s.id ?? null, name: str(s.properties, 'name') },
    };
  });
}

/** The grid work, for `reachedArea` to call with its grid and its cells' areas. */
function onGrid(roads: Roads, stations: Station[], limitS: number) {
  const out: GridTally = { stationM2: new Float64Array(stations.length), overlapM2: 0, polygons: [] };
  const mark = (grid: Grid, labels: Uint16Array) => {
    out.polygons = traceFirst(roads, stations, limitS, grid, labels);
    return stampEach(roads, stations, limitS, grid, labels, out);
  };
  return { out, mark };
}

/** What each station reaches alone within the limit: residents and villages (areas come from the grid). */
function stationTallies(roads: Roads, stations: Station[], villages: Resident[], snaps: Snaps, limitS: number) {
  const reachedBy = new Uint8Array(villages.length);
  const perStation = stations.map((s, k): StationReach => {
    const own = firstArrivals(roads.graph, [snaps.stations[k]], snaps.villages, limitS);
    let residents = 0;
    let count = 0;
    own.source.forEach((from, i) => {
      if (from < 0) return;
      reachedBy[i]++;
      residents += villages[i].residents;
      count++;
    });
    return {
      id: s.feature.id ?? null,
      name: str(s.feature.properties, 'name'),
      areaKm2: null,
      residents,
      villages: count,
    };
  });
  return { perStation, reachedBy };
}

/** Area and residents the fire stations reach by road within the response time (`fire_stations`, `population`, `admin_areas`). */
export function fireCoverageByRoad(
  input: Layers,
  profile: Pick<Profile, 'fire'>,
  roads: Roads,
  options: FireOptions = {},
): FireCoverageByRoad {
  const locator = new TownshipLocator(input.admin_areas ?? []);
  const stations = countedStations(featuresOf(input.fire_stations), options) as Station[];
  const residents = residentsOf(input.population ?? [], locator);
  const limitS = profile.fire.response_minutes * 60;
  const { graph } = roads;
  const crew: Roads = { ...roads, walkKmh: profile.fire.speed_kmh };
  const walkKmh = crew.walkKmh;
  const snaps: Snaps = {
    stations: snapAll(
      graph,
      stations.map((s) => s.position),
      walkKmh,
    ).snaps,
    villages: residents.map((r) => snap(graph, r.position, walkKmh)),
  };
  const first = firstArrivals(graph, snaps.stations, snaps.villages);
  const covered = residents.map((_, i) => first.seconds[i] <= limitS);
  const { perStation, reachedBy } = stationTallies(crew, stations, residents, snaps, limitS);
  const { out, mark } = onGrid(crew, stations, limitS);
  const area = reachedArea(locator, options.cellM ?? DEFAULT_CELL_M, mark);
  const measured = area.district.areaKm2 !== null;
  perStation.forEach((s, k) => {
    s.areaKm2 = measured ? out.stationM2[k] / 1e6 : null;
  });
  const twice = residents.filter((_, i) => reachedBy[i] >= 2);
  const props = arrivalProps(stations, first.source, first.seconds, limitS);
  return {
    method: 'road',
    minutes: profile.fire.response_minutes,
    limitS,
    accessM: ACCESS_M,
    offRoadKmh: walkKmh,
    closed: roads.closed,
    stations: stations.length,
    ...tallyPeople(residents, covered, locator),
    area,
    overlap: {
      areaKm2: measured ? out.overlapM2 / 1e6 : null,
      residents: twice.reduce((n, r) => n + r.residents, 0),
      villages: twice.length,
    },
    perStation,
    uncovered: uncoveredFeatures(residents, covered, props),
    villages: uncoveredFeatures(
      residents,
      residents.map(() => false),
      props,
    ),
    reach: { type: 'FeatureCollection', features: out.polygons as FireCoverageByRoad['reach']['features'] },
  };
}
