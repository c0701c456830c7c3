/**
 * Benchmarks of the pure analysis functions (server/analysis) on seeded synthetic data over the demo
 * district's extent, each beside the naive way measured in the same run on the same data:
 * - nearest-k: `nearest(pointIndex(layer), q, { k: 10 })` against a `turf.nearestPoint` scan;
 * - shelter coverage: `shelterCoverage` against a naive per-resident scan of every open shelter;
 * - camera coverage: `cameraCoverage` (raster union) against `turf.union` + `turf.intersect`.
 * Townships and forest come from the demo district (data/demo), thresholds from its profile. The
 * ratio is the figure that travels between machines; absolute milliseconds depend on this one and on
 * whatever else runs on it (the load average is printed before and after).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { mulberry32 } from '../../catalog/random.ts';
import { areaM2 } from '../../server/analysis/geometry.ts';
import { cameraCoverage, nearest, pointIndex, shelterCoverage, viewSector } from '../../server/analysis/index.ts';
import type { Profile } from '../../server/analysis/types.ts';
import { count, ms, round, summarize, type Timing, table, times } from './measure.ts';
import { DISTRICT, gaussian, syntheticShelters, TOWNS, weighted } from './synthetic.ts';

type Props = Record<string, unknown>;

/** One seed for everything; each data set draws from its own stream derived from it. */
export const ANALYSIS_SEED = 20250701;

const K = 10;

interface Mode {
  nearest: { sizes: number[]; queries: number; scanQueries: (size: number) => number };
  shelters: { residents: number; shelters: number; warmup: number; runs: number; naiveSample: number };
  cameras: { cameras: number; warmup: number; runs: number; unionWarmup: number; unionRuns: number };
}

const FULL: Mode = {
  nearest: {
    sizes: [1_000, 10_000, 100_000, 1_000_000],
    queries: 300,
    scanQueries: (n) => (n <= 1_000 ? 300 : n <= 10_000 ? 100 : n <= 100_000 ? 30 : 10),
  },
  shelters: { residents: 100_000, shelters: 1_000, warmup: 3, runs: 15, naiveSample: 1_000 },
  cameras: { cameras: 300, warmup: 2, runs: 10, unionWarmup: 1, unionRuns: 3 },
};

const QUICK: Mode = {
  nearest: { sizes: [1_000, 100_000], queries: 100, scanQueries: (n) => (n <= 1_000 ? 100 : 20) },
  shelters: { residents: 10_000, shelters: 100, warmup: 2, runs: 7, naiveSample: 1_000 },
  cameras: { cameras: 60, warmup: 1, runs: 5, unionWarmup: 1, unionRuns: 2 },
};

// ---- timing --------------------------------------------------------------------------------------

function timed<T>(work: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

/**
 * Warm-up for work that takes microseconds: V8 optimises a function only after many calls, so it
 * lasts at least `minMs` as well as `runs` calls.
 */
function warm(runs: number, minMs: number, work: (i: number) => unknown): void {
  const start = performance.now();
  for (let i = 0; i < runs || performance.now() - start < minMs; i++) work(i);
}

/**
 * A figure and its baseline timed in alternating rounds, so that load from elsewhere on the machine
 * lands on both alike: round r runs `figureRuns ÷ rounds` of the figure, then baseline runs until the
 * baseline has done its share of `baselineRuns` so far.
 */
function alternate(
  rounds: number,
  figure: { runs: number; work: (i: number) => unknown },
  baseline: { runs: number; work: (i: number) => unknown },
): { figure: Timing; baseline: Timing } {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const aUntil = Math.round(((r + 1) * figure.runs) / rounds);
    while (a.length < aUntil) a.push(timed(() => figure.work(a.length)).ms);
    const bUntil = Math.round(((r + 1) * baseline.runs) / rounds);
    while (b.length < bUntil) b.push(timed(() => baseline.work(b.length)).ms);
  }
  return { figure: summarize(a), baseline: summarize(b) };
}

const timing = (t: Timing) => ({ runs: t.iterations, p50: round(t.p50), p99: round(t.p99) });

// ---- synthetic data ------------------------------------------------------------------------------

const KM_PER_DEG_LAT = 110.9;
const kmPerDegLon = (lat: number) => 111.32 * Math.cos((lat * Math.PI) / 180);

/**
 * Positions over the district's extent, 70% clustered around the town centres (as people and
 * resources are) and the rest spread evenly; flat [lon, lat, lon, lat, …].
 */
function positions(n: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const [x0, y0, x1, y1] = DISTRICT;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let lon = x0 + (x1 - x0) * random();
    let lat = y0 + (y1 - y0) * random();
    if (random() < 0.7) {
      const town = weighted(random, TOWNS, (t) => t.weight);
      do {
        lon = town.lon + (gaussian(random) * town.spreadKm * 2) / kmPerDegLon(town.lat);
        lat = town.lat + (gaussian(random) * town.spreadKm * 2) / KM_PER_DEG_LAT;
      } while (lon < x0 || lon > x1 || lat < y0 || lat > y1);
    }
    out[2 * i] = Math.round(lon * 1e7) / 1e7;
    out[2 * i + 1] = Math.round(lat * 1e7) / 1e7;
  }
  return out;
}

function pointFeatures(n: number, seed: number, prefix: string, props: (i: number) => Props): Feature<Point, Props>[] {
  const xy = positions(n, seed);
  return Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    id: `${prefix}${String(i + 1).padStart(7, '0')}`,
    geometry: { type: 'Point', coordinates: [xy[2 * i], xy[2 * i + 1]] },
    properties: props(i),
  }));
}

function population(n: number, seed: number): Feature<Point, Props>[] {
  const random = mulberry32(seed ^ 0x5eed);
  return pointFeatures(n, seed, 'pop-', (i) => ({
    name: `居民点${i + 1}`,
    kind: 'village',
    residents: 20 + Math.floor(random() * 1_500),
  }));
}

type Demo = FeatureCollection<Geometry, Props>;

function readDemo(layer: string): Demo {
  return JSON.parse(readFileSync(new URL(`../../data/demo/${layer}.geojson`, import.meta.url), 'utf8'));
}

function readProfile(): Profile {
  return JSON.parse(readFileSync(new URL('../../data/profiles/hanjiang.json', import.meta.url), 'utf8'));
}

const WATCHED = ['forest', 'key_fire_area'];

/**
 * Forest-fire cameras on the watched areas: a quarter are 360° domes, the rest look one way with a
 * 30–120° field of view; ranges 0.5–2.5 km, so that 300 of them leave blind spots in the demo forest.
 */
function cameras(n: number, seed: number, forest: Feature<Polygon | MultiPolygon, Props>[]): Feature<Point, Props>[] {
  const random = mulberry32(seed);
  const areas = forest.map((f) => ({ f, bbox: turf.bbox(f), weight: areaM2(f.geometry) }));
  const out: Feature<Point, Props>[] = [];
  while (out.length < n) {
    const area = weighted(random, areas, (a) => a.weight);
    const [w, s, e, nn] = area.bbox;
    const p = [Math.round((w + (e - w) * random()) * 1e7) / 1e7, Math.round((s + (nn - s) * random()) * 1e7) / 1e7];
    if (!turf.booleanPointInPolygon(p, area.f.geometry)) continue;
    const dome = random() < 1 / 4;
    out.push({
      type: 'Feature',
      id: `cam-${String(out.length + 1).padStart(4, '0')}`,
      geometry: { type: 'Point', coordinates: p },
      properties: {
        name: `森林防火监控点${out.length + 1}`,
        status: 'existing',
        range_m: Math.round(500 + 2_000 * random()),
        heading_deg: Math.round(360 * random()),
        fov_deg: dome ? 360 : Math.round(30 + 90 * random()),
      },
    });
  }
  return out;
}

// ---- the figures ---------------------------------------------------------------------------------

interface NearestRow {
  resources: number;
  buildMs: number;
  index: Timing;
  scan: Timing;
  ratio: number;
  /** Scan queries whose nearest distance the index's first result matched (to a millimetre). */
  agreed: number;
}

function benchNearest(mode: Mode['nearest'], seed: number): NearestRow[] {
  const rows: NearestRow[] = [];
  const queryXY = positions(mode.queries, seed + 1);
  const queries = Array.from({ length: mode.queries }, (_, i) => [queryXY[2 * i], queryXY[2 * i + 1]]);
  const largest = Math.max(...mode.sizes);
  // The first n of the largest set are the smaller sets.
  const all = pointFeatures(largest, seed, 'res-', () => ({}));
  for (const size of mode.sizes) {
    const layer = turf.featureCollection(all.slice(0, size));
    const build = timed(() => pointIndex(layer));
    const index = build.value;
    const scanRuns = Math.min(mode.scanQueries(size), mode.queries);
    const indexQuery = (i: number) => nearest(index, queries[i % queries.length], { k: K });
    // The scan's queries are spread over the same list, so both answer the same places.
    const scanAt = (i: number) => queries[Math.floor((i * queries.length) / scanRuns) % queries.length];
    warm(mode.queries, 100, indexQuery);
    warm(size >= 1_000_000 ? 1 : 3, 0, (i) => turf.nearestPoint(scanAt(i), layer));
    const scanKm: number[] = [];
    const result = alternate(
      10,
      { runs: mode.queries, work: indexQuery },
      {
        runs: scanRuns,
        work: (i) => {
          scanKm[i] = turf.nearestPoint(scanAt(i), layer).properties.distanceToPoint;
        },
      },
    );
    // Same answer: the index's nearest is as far as the scan's, to a millimetre (checked untimed).
    const agreed = scanKm.filter(
      (km, i) => Math.abs(nearest(index, scanAt(i), { k: 1 })[0].distanceM - km * 1000) < 1e-3,
    ).length;
    rows.push({
      resources: size,
      buildMs: build.ms,
      index: result.figure,
      scan: result.baseline,
      ratio: result.baseline.p50 / result.figure.p50,
      agreed,
    });
  }
  return rows;
}

/** Each resident to the nearest open shelter whose radius reaches it, by a scan of every shelter. */
function naiveAssign(
  residents: Feature<Point, Props>[],
  shelters: { position: number[]; radiusM: number }[],
): number[] {
  return residents.map((r) => {
    let best = -1;
    let bestM = Infinity;
    shelters.forEach((s, j) => {
      const d = turf.distance(r.geometry.coordinates, s.position, { units: 'meters' });
      if (d <= s.radiusM && d < bestM) {
        best = j;
        bestM = d;
      }
    });
    return best;
  });
}

function benchShelters(mode: Mode['shelters'], seed: number, profile: Profile, admin: Demo) {
  const shelters = syntheticShelters(mode.shelters, seed + 2) as Feature<Point, Props>[];
  const people = population(mode.residents, seed + 3);
  const layers = { shelters, population: people, admin_areas: admin };
  const open = shelters
    .filter((s) => s.properties?.status === 'open' && profile.shelter[String(s.properties?.kind)])
    .map((s) => ({ position: s.geometry.coordinates, radiusM: profile.shelter[String(s.properties?.kind)].radius_m }));
  const kinds = Object.entries(
    shelters.reduce<Record<string, number>>((n, s) => {
      const k = String(s.properties?.kind);
      n[k] = (n[k] ?? 0) + 1;
      return n;
    }, {}),
  )
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const sample = people.slice(0, mode.naiveSample);
  const scale = people.length / sample.length;
  for (let i = 0; i < mode.warmup; i++) shelterCoverage(layers, profile);
  naiveAssign(sample, open);
  let last: ReturnType<typeof shelterCoverage> | null = null;
  const result = alternate(
    mode.runs,
    {
      runs: mode.runs,
      work: () => {
        last = shelterCoverage(layers, profile);
      },
    },
    { runs: Math.max(3, Math.ceil(mode.runs / 2)), work: () => naiveAssign(sample, open) },
  );
  const naive: Timing = {
    iterations: result.baseline.iterations,
    p50: result.baseline.p50 * scale,
    p99: result.baseline.p99 * scale,
    min: result.baseline.min * scale,
    max: result.baseline.max * scale,
  };
  const coverage = last as unknown as ReturnType<typeof shelterCoverage>;
  return {
    residents: people.length,
    shelters: shelters.length,
    open: open.length,
    kinds,
    coveredPct: coverage.district.coveredPct,
    figure: result.figure,
    naive,
    naiveSample: sample.length,
    ratio: naive.p50 / result.figure.p50,
  };
}

function benchCameras(mode: Mode['cameras'], seed: number, forestLayer: Demo, admin: Demo) {
  const watched = (forestLayer.features as Feature<Polygon | MultiPolygon, Props>[]).filter((f) =>
    WATCHED.includes(String(f.properties?.kind)),
  );
  const cams = cameras(mode.cameras, seed + 4, watched);
  const layers = { cameras: cams, forest_areas: forestLayer, admin_areas: admin };
  // The baseline gets its inputs for free: the same sector polygons and the forest already unioned.
  const sectors = turf.featureCollection(cams.map((c) => viewSector(c)).filter((s) => s !== null));
  const forest = turf.union(turf.featureCollection(watched)) as Feature<Polygon | MultiPolygon>;
  const exact = () => {
    const seen = turf.union(sectors) as Feature<Polygon | MultiPolygon>;
    const covered = turf.intersect(turf.featureCollection([seen, forest]));
    return covered ? areaM2(covered.geometry) : 0;
  };
  const figuresOnly = () => cameraCoverage(layers, { blindSpots: false });
  const withSpots = () => cameraCoverage(layers);
  for (let i = 0; i < mode.warmup; i++) {
    figuresOnly();
    withSpots();
  }
  for (let i = 0; i < mode.unionWarmup; i++) exact();
  let exactM2 = 0;
  let raster: ReturnType<typeof cameraCoverage> | null = null;
  // Three-way: figures only and with blind spots alternate with the union in each round.
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let r = 0; r < mode.runs; r++) {
    a.push(timed(figuresOnly).ms);
    const spots = timed(withSpots);
    b.push(spots.ms);
    raster = spots.value;
    if (c.length < Math.round(((r + 1) * mode.unionRuns) / mode.runs)) {
      const u = timed(exact);
      c.push(u.ms);
      exactM2 = u.value;
    }
  }
  const result = raster as unknown as ReturnType<typeof cameraCoverage>;
  const figures = summarize(a);
  const blind = summarize(b);
  const union = summarize(c);
  return {
    cameras: cams.length,
    forestKm2: result.district.areaKm2,
    coveredKm2: result.district.coveredKm2,
    exactKm2: exactM2 / 1e6,
    errorBoundKm2: result.errorBoundKm2,
    blindSpots: result.blindSpots.features.length,
    cellM: result.cellM,
    figures,
    blind,
    union,
  };
}

// ---- the run -------------------------------------------------------------------------------------

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export async function benchAnalysis({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  const mode = quick ? QUICK : FULL;
  const seed = ANALYSIS_SEED;
  const cores = cpus().length;
  const loadBefore = load();
  const started = performance.now();
  const profile = readProfile();
  const admin = readDemo('admin_areas');
  const forest = readDemo('forest_areas');

  console.log(`\n== analysis (pure functions of server/analysis, in process) ==
mode ${quick ? 'quick' : 'full'} · seed ${seed} (mulberry32) · ${cores} cores · load average ${loadBefore}
synthetic points over ${DISTRICT.join(', ')} (lon/lat), 70% clustered around the towns; townships and
forest from data/demo, radii and m² per person from data/profiles/hanjiang.json. All in milliseconds.
Each figure is timed after a warm-up, alternating with its baseline so load from elsewhere hits both.`);

  // Nearest-k.
  const near = benchNearest(mode.nearest, seed);
  console.log(`
nearest-k: nearest(pointIndex(layer), q, { k: ${K} }) — geokdbush candidates, exact Turf haversine, bearing,
ties by id — for ${mode.nearest.queries} query points; build = pointIndex(layer) once. Baseline: turf.nearestPoint(q, layer),
a scan for the single nearest (fewer queries on big layers). scan÷index = ratio of the p50s.
`);
  console.log(
    table(
      ['resources', 'build', 'index p50', 'index p99', 'scan n', 'scan p50', 'scan p99', 'scan÷index', 'same'],
      near.map((r) => [
        count(r.resources),
        ms(r.buildMs),
        ms(r.index.p50),
        ms(r.index.p99),
        String(r.scan.iterations),
        ms(r.scan.p50),
        ms(r.scan.p99),
        times(r.ratio),
        `${r.agreed}/${r.scan.iterations}`,
      ]),
      [false, true, true, true, true, true, true, true, true],
    ),
  );
  const biggest = near[near.length - 1];
  console.log(
    `target at 10⁶: p50 < 1 ms and ≥ 1000× the scan${
      biggest.resources === 1_000_000
        ? ` — ${biggest.index.p50 < 1 ? 'met' : 'NOT met'} (${ms(biggest.index.p50)} ms), ${
            biggest.ratio >= 1000 ? 'met' : 'NOT met'
          } (${times(biggest.ratio)})`
        : ' (not measured in quick mode)'
    }`,
  );

  // Shelter coverage.
  const sh = benchShelters(mode.shelters, seed, profile, admin);
  console.log(`
shelter coverage: shelterCoverage({ shelters, population, admin_areas }, profile) — each resident point to
its nearest open shelter within its kind's radius, loads against capacity, per-township figures and the
uncovered points. Shelters: ${sh.kinds} (${count(sh.open)} open). Baseline: the assignment alone by a
naive scan (turf.distance to every open shelter per resident), timed on the first ${count(sh.naiveSample)} residents and
scaled to all — an estimate, labelled so.
`);
  console.log(
    table(
      ['residents', 'shelters', 'runs', 'p50', 'p99', 'naive est. p50', 'naive÷p50', 'covered'],
      [
        [
          count(sh.residents),
          count(sh.shelters),
          String(sh.figure.iterations),
          ms(sh.figure.p50),
          ms(sh.figure.p99),
          ms(sh.naive.p50),
          times(sh.ratio),
          `${(sh.coveredPct ?? 0).toFixed(1)}%`,
        ],
      ],
      [true, true, true, true, true, true, true, true],
    ),
  );
  console.log(
    `target for 10⁵ × 10³: p50 < 300 ms${
      sh.residents === 100_000 ? ` — ${sh.figure.p50 < 300 ? 'met' : 'NOT met'}` : ' (quick mode measures 10⁴ × 10²)'
    }`,
  );

  // Camera coverage.
  const cam = benchCameras(mode.cameras, seed, forest, admin);
  console.log(`
camera coverage: cameraCoverage({ cameras, forest_areas, admin_areas }) for ${cam.cameras} cameras (¼ domes, ranges 0.5–2.5 km)
over the demo forest and key fire areas (${cam.forestKm2.toFixed(1)} km²), raster of ≤ ${cam.cellM} m cells, per-township
figures; "figures" with blindSpots: false, "blind spots" also traces them (${cam.blindSpots} polygons). Baseline:
turf.union of the same sector polygons, then turf.intersect with the forest (already unioned, untimed)
and its ellipsoidal area. union÷ = ratio of the p50s.
`);
  console.log(
    table(
      ['variant', 'runs', 'p50', 'p99', 'union÷'],
      [
        [
          'figures only',
          String(cam.figures.iterations),
          ms(cam.figures.p50),
          ms(cam.figures.p99),
          times(cam.union.p50 / cam.figures.p50),
        ],
        [
          'with blind spots',
          String(cam.blind.iterations),
          ms(cam.blind.p50),
          ms(cam.blind.p99),
          times(cam.union.p50 / cam.blind.p50),
        ],
        ['turf.union + intersect', String(cam.union.iterations), ms(cam.union.p50), ms(cam.union.p99), '1.0×'],
      ],
      [false, true, true, true, true],
    ),
  );
  const diff = cam.exactKm2 > 0 ? (100 * Math.abs(cam.coveredKm2 - cam.exactKm2)) / cam.exactKm2 : 0;
  console.log(
    `covered: raster ${cam.coveredKm2.toFixed(3)} km², exact union ${cam.exactKm2.toFixed(3)} km² (${diff.toFixed(3)}% apart, stated bound ±${cam.errorBoundKm2.toFixed(3)} km²)`,
  );
  console.log(
    `target for 300 cameras: p50 < 200 ms and ≥ 5× turf.union${
      cam.cameras === 300
        ? ` — figures ${cam.figures.p50 < 200 ? 'met' : 'NOT met'} (${times(cam.union.p50 / cam.figures.p50)}), with blind spots ${
            cam.blind.p50 < 200 ? 'met' : 'NOT met'
          } (${times(cam.union.p50 / cam.blind.p50)})`
        : ' (quick mode measures 60)'
    }`,
  );
  const loadAfter = load();
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nanalysis: ${seconds.toFixed(1)} s · load average before ${loadBefore}, after ${loadAfter}`);

  return {
    mode: quick ? 'quick' : 'full',
    seed,
    cores,
    loadAverage: { before: loadBefore, after: loadAfter },
    seconds: round(seconds, 1),
    nearest: {
      k: K,
      measures: 'nearest(pointIndex(layer), q, { k }) vs turf.nearestPoint(q, layer)',
      rows: near.map((r) => ({
        resources: r.resources,
        buildMs: round(r.buildMs),
        index: timing(r.index),
        scan: timing(r.scan),
        ratio: round(r.ratio, 1),
        agreed: r.agreed,
      })),
      target: { p50Ms: 1, ratio: 1000, at: 1_000_000 },
    },
    shelters: {
      measures: 'shelterCoverage({ shelters, population, admin_areas }, profile)',
      residents: sh.residents,
      shelters: sh.shelters,
      open: sh.open,
      figure: timing(sh.figure),
      naiveEstimate: { ...timing(sh.naive), sample: sh.naiveSample },
      ratio: round(sh.ratio, 1),
      coveredPct: sh.coveredPct === null ? null : round(sh.coveredPct, 2),
      target: { p50Ms: 300, residents: 100_000, shelters: 1_000 },
    },
    cameras: {
      measures: 'cameraCoverage({ cameras, forest_areas, admin_areas }) vs turf.union + turf.intersect',
      cameras: cam.cameras,
      cellM: cam.cellM,
      figuresOnly: timing(cam.figures),
      withBlindSpots: timing(cam.blind),
      union: timing(cam.union),
      ratioFiguresOnly: round(cam.union.p50 / cam.figures.p50, 1),
      ratioWithBlindSpots: round(cam.union.p50 / cam.blind.p50, 1),
      coveredKm2: round(cam.coveredKm2),
      exactKm2: round(cam.exactKm2),
      errorBoundKm2: round(cam.errorBoundKm2),
      target: { p50Ms: 200, ratio: 5, cameras: 300 },
    },
  };
}
