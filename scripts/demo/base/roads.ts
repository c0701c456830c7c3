/**
 * The demo district's roads, so every travel-time analysis has a network to route on: the 沈海
 * expressway and G324 along the plain and the coast, provincial roads up the valleys to the mountain
 * towns, county roads joining every township seat (a tree, then a few more links so most seats have
 * two ways in), and a road from the network to every village, nearest first, so each reaches the
 * network by the shortest new road. Where a road crosses the 木兰溪 it is a bridge; one mountain
 * road passes a ridge in a tunnel; and one county road is closed by the landslide nearest it, on a
 * stretch whose villages keep a detour, so the duty officer sees a closure without losing a village.
 */
import * as turf from '@turf/turf';
import type { Feature, Point } from 'geojson';
import type { RoadClass } from '../../../catalog/road-classes.ts';
import { LayerOutput } from '../feature.ts';
import { elevationAt, RIVER, SEAT, shortName } from '../geography.ts';
import { distanceM, type LonLat, offset } from '../geometry.ts';
import { stream } from '../random.ts';
import type { District } from './district.ts';
import type { Village } from './population.ts';
import { type Drawing, RoadNetwork, type Route, type Segment } from './road-network.ts';

const TRUNK: Drawing = { stepM: 250, segmentM: 500, wander: 0.02 };
const COUNTY: Drawing = { stepM: 120, segmentM: 250, wander: 0.06 };
const VILLAGE: Drawing = { stepM: 80, segmentM: 120, wander: 0.1 };

const GRADE: Record<RoadClass, string | null> = {
  expressway: 'expressway',
  national: 'class1',
  provincial: 'class2',
  county: 'class3',
  township: 'class4',
  village: 'class4',
  urban: null,
  track: 'substandard',
};

function route(name: string, ref: string, roadClass: RoadClass, extra: Partial<Route> = {}): Route {
  return { name, ref, roadClass, techGrade: GRADE[roadClass], speedKmh: null, oneway: false, ...extra };
}

function seatOf(district: District, name: string): LonLat {
  const township = district.townships.find((t) => t.name === name);
  if (!township) throw new Error(`roads: no township ${name}`);
  return township.seed;
}

/** The expressway (nodes only at its interchanges) and the national road through the seats of the plain. */
function trunkRoads(network: RoadNetwork, district: District): void {
  const seat = (name: string) => seatOf(district, name);
  const interchanges: LonLat[] = [
    [119.1, 25.514],
    [119.152, 25.523],
  ];
  network.addRoute(
    route('G15沈海高速涵江段', 'G15', 'expressway', { speedKmh: 100 }),
    [[119.062, 25.5], ...interchanges, [119.186, 25.546]],
    TRUNK,
    false,
  );
  for (const point of interchanges) network.openInterchange(point);
  network.addRoute(
    route('G324国道涵江段', 'G324', 'national'),
    [
      [119.064, 25.468],
      seat('国欢镇'),
      seat('涵西街道'),
      SEAT,
      seat('涵东街道'),
      seat('涵江商城管委会'),
      seat('江口镇'),
      [119.204, 25.522],
    ],
    TRUNK,
  );
  const oldTown: LonLat[] = [SEAT, offset(SEAT, 0, 500), offset(SEAT, 650, 550), seat('涵东街道')];
  network.addRoute(route('涵江老城单行环路', '', 'urban', { oneway: true }), oldTown, { ...COUNTY, wander: 0 });
  network.addRoute(route('梧塘互通连接线', 'X201', 'county'), [interchanges[0], seat('梧塘镇')], COUNTY);
  network.addRoute(route('江口互通连接线', 'X202', 'county'), [interchanges[1], seat('江口镇')], COUNTY);
  network.addRoute(
    route('S201省道涵江—大洋段', 'S201', 'provincial'),
    [SEAT, seat('梧塘镇'), seat('萩芦镇'), seat('大洋乡')],
    COUNTY,
  );
  network.addRoute(
    route('S306省道萩芦—新县段', 'S306', 'provincial'),
    [seat('萩芦镇'), seat('白沙镇'), seat('新县镇')],
    COUNTY,
  );
}

/** County roads beyond the tree, so that mountain and plain seats alike have a second way in. */
const SECOND_WAYS = [
  ['庄边镇', '大洋乡'],
  ['庄边镇', '白沙镇'],
  ['白塘镇', '三江口镇'],
  ['国欢镇', '梧塘镇'],
];

/** Seats joined by a minimum spanning tree over what the trunk roads left apart, then the second ways in. */
function countyRoads(network: RoadNetwork, district: District): void {
  const seats = district.townships.map((t) => ({ name: t.name, point: t.seed }));
  const joined = new Map(seats.map((s) => [s.name, s.name]));
  const find = (n: string): string => (joined.get(n) === n ? n : find(joined.get(n) as string));
  const byTrunk = [
    '国欢镇',
    '涵西街道',
    '涵东街道',
    '涵江商城管委会',
    '江口镇',
    '梧塘镇',
    '萩芦镇',
    '大洋乡',
    '白沙镇',
    '新县镇',
  ];
  for (const name of byTrunk.slice(1)) joined.set(find(name), find(byTrunk[0]));
  const pairs = seats
    .flatMap((a, i) => seats.slice(i + 1).map((b) => ({ a, b, d: distanceM(a.point, b.point) })))
    .sort((x, y) => x.d - y.d);
  const links = pairs.filter(({ a, b }) => {
    if (find(a.name) === find(b.name))
      return SECOND_WAYS.some((pair) => pair.includes(a.name) && pair.includes(b.name));
    joined.set(find(a.name), find(b.name));
    return true;
  });
  links.forEach(({ a, b }, i) => {
    const ref = `X${210 + i}`;
    network.addRoute(
      route(`${ref}县道${shortName(a.name)}—${shortName(b.name)}线`, ref, 'county'),
      [a.point, b.point],
      COUNTY,
    );
  });
}

/** Villages nearest their seat first, each by a road from the nearest node: the network grows outwards. */
function villageRoads(network: RoadNetwork, villages: Village[]): void {
  const rural = villages
    .filter((v) => !v.isSeat)
    .sort((a, b) => distanceM(a.point, a.township.seed) - distanceM(b.point, b.township.seed));
  let township = 1;
  let village = 1;
  for (const v of rural) {
    const from = network.nearestNode(v.point);
    if (!from || distanceM(from, v.point) < 1) continue;
    const urban = v.township.terrain === 'urban';
    const big = v.name.endsWith('社区') || v.residents > 2500;
    const roadClass: RoadClass = urban ? 'urban' : big ? 'township' : 'village';
    const ref = urban ? '' : big ? `Y${String(township++).padStart(3, '0')}` : `C${String(village++).padStart(3, '0')}`;
    const name = `${shortName(v.township.name)}${v.name}${urban ? '街' : big ? '连接线' : '进村路'}`;
    const mountain = v.township.terrain === 'mountain';
    network.addRoute(route(name, ref, roadClass), [from, v.point], mountain ? VILLAGE : { ...VILLAGE, wander: 0.04 });
  }
}

const river = turf.lineString(RIVER);

/** Bridges where a road crosses the river; a tunnel on the highest stretch of a provincial road. */
function structures(segments: Segment[]): void {
  const [west, south, east, north] = turf.bbox(river);
  for (const s of segments) {
    const [w, so, e, n] = turf.bbox(turf.lineString(s.path));
    const near = w <= east && e >= west && so <= north && n >= south;
    s.bridge = near && turf.lineIntersect(turf.lineString(s.path), river).features.length > 0;
  }
  const provincial = segments.filter((s) => s.route.roadClass === 'provincial' && !s.bridge);
  const highest = (s: Segment) => Math.max(...s.path.map(elevationAt));
  const ridge = provincial.reduce((a, b) => (highest(b) > highest(a) ? b : a));
  ridge.tunnel = true;
}

const keyOf = (p: LonLat) => `${p[0]},${p[1]}`;

type Junctions = Map<string, Segment[]>;

function junctions(segments: Segment[]): Junctions {
  const at: Junctions = new Map();
  for (const s of segments) {
    for (const end of [keyOf(s.path[0]), keyOf(s.path[s.path.length - 1])]) at.set(end, [...(at.get(end) ?? []), s]);
  }
  return at;
}

/** Whether one end of a segment still reaches the other without it: a search that stops when it does. */
function hasDetour(at: Junctions, without: Segment): boolean {
  const goal = keyOf(without.path[without.path.length - 1]);
  const queue = [keyOf(without.path[0])];
  const seen = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    if (queue[i] === goal) return true;
    for (const s of at.get(queue[i]) ?? []) {
      if (s === without) continue;
      for (const end of [keyOf(s.path[0]), keyOf(s.path[s.path.length - 1])]) {
        if (!seen.has(end)) {
          seen.add(end);
          queue.push(end);
        }
      }
    }
  }
  return false;
}

/** The county-road stretch nearest a listed landslide whose closure leaves every village a way round. */
function closeByLandslide(segments: Segment[], landslides: Point[]): void {
  const county = segments.filter(
    (s) => s.route.name.includes('县道') && !s.bridge && !s.tunnel && elevationAt(s.path[0]) > 300,
  );
  const gap = (s: Segment) => Math.min(...landslides.map((l) => distanceM(l.coordinates as LonLat, s.path[0])));
  const ranked = county.map((s) => ({ s, d: gap(s) })).sort((a, b) => a.d - b.d);
  const at = junctions(segments);
  const chosen = ranked.find(({ s }) => hasDetour(at, s));
  if (!chosen) throw new Error('roads: no county road can close without cutting a village off');
  chosen.s.closed = true;
  chosen.s.closureNote = '山体滑坡,道路中断,请绕行';
}

export function roadsLayer(district: District, villages: Village[], hazards: Feature[]): Feature[] {
  const network = new RoadNetwork(stream('roads'));
  trunkRoads(network, district);
  countyRoads(network, district);
  villageRoads(network, villages);
  structures(network.segments);
  const landslides = hazards.filter((h) => h.properties?.kind === 'landslide').map((h) => h.geometry as Point);
  closeByLandslide(network.segments, landslides);

  const out = new LayerOutput('roads');
  const parts = new Map<Route, number>();
  for (const s of network.segments) parts.set(s.route, (parts.get(s.route) ?? 0) + 1);
  const seen = new Map<Route, number>();
  for (const s of network.segments) {
    const k = (seen.get(s.route) ?? 0) + 1;
    seen.set(s.route, k);
    const name = (parts.get(s.route) ?? 1) > 1 ? `${s.route.name}第${k}段` : s.route.name;
    out.add(
      name,
      { type: 'LineString', coordinates: s.path },
      {
        class: s.route.roadClass,
        ref: s.route.ref || null,
        tech_grade: s.route.techGrade,
        speed_kmh: s.route.speedKmh,
        oneway: s.route.oneway,
        bridge: s.bridge,
        tunnel: s.tunnel,
        status: s.closed ? 'closed' : 'open',
        closure_note: s.closureNote,
      },
    );
  }
  return out.features;
}
