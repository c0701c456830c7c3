/**
 * Checks the committed demo data (data/demo) against the plan's figures, the layer registry and
 * RFC 7946, and that the generator reproduces it byte for byte.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../scripts/generate-demo.ts';
import { featureSchema } from '../../server/layers/feature-schema.ts';
import { allFields, type FieldDef, findLayer, type LayerDef, layers } from '../../server/layers/registry.ts';

const DEMO_DIR = new URL('../../data/demo/', import.meta.url);
const profile = JSON.parse(readFileSync(new URL('../../data/profiles/hanjiang.json', import.meta.url), 'utf8'));

type Props = Record<string, unknown>;

function load(layerId: string): Feature<Geometry, Props>[] {
  const text = readFileSync(new URL(`${layerId}.geojson`, DEMO_DIR), 'utf8');
  return (JSON.parse(text) as FeatureCollection<Geometry, Props>).features;
}

const data = Object.fromEntries(layers.map((layer) => [layer.id, load(layer.id)]));

function count<T>(items: T[], key: (item: T) => unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = String(key(item));
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function sum(features: Feature<Geometry, Props>[], field: string): number {
  return features.reduce((total, f) => total + (f.properties[field] as number), 0);
}

function positions(geometry: Geometry): Position[] {
  return turf.coordAll(turf.feature(geometry));
}

function polygonsOf(geometry: Geometry): Position[][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function levelFrom(score: number, bands: { red: number; orange: number; yellow: number }): number {
  if (score > bands.red) return 1;
  if (score > bands.orange) return 2;
  if (score > bands.yellow) return 3;
  return 4;
}

/** The store derives these; the demo must not carry them. */
const DERIVED_COMMON = ['township', 'revision', 'created_at', 'updated_at', 'updated_by'];

function writable(fields: FieldDef[]): string[] {
  return fields.filter((f) => !f.managed && !f.derived).map((f) => f.name);
}

function valueProblem(field: FieldDef, value: unknown): string | null {
  if (value === null) return null;
  switch (field.type) {
    case 'enum':
      return field.values && String(value) in field.values ? null : 'unknown enum value';
    case 'enum[]':
      return Array.isArray(value) && value.every((v) => field.values && v in field.values)
        ? null
        : 'unknown enum value';
    case 'integer':
    case 'number':
      if (typeof value !== 'number') return 'not a number';
      if (field.type === 'integer' && !Number.isInteger(value)) return 'not an integer';
      if (field.min !== undefined && value < field.min) return 'below min';
      if (field.max !== undefined && value > field.max) return 'above max';
      if (field.values && !(String(value) in field.values)) return 'unknown level';
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not a boolean';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : 'not YYYY-MM-DD';
    default:
      return typeof value === 'string' ? null : 'not text';
  }
}

describe('demo data files', () => {
  it('has one file per registry layer and nothing else', () => {
    const files = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.geojson'));
    expect(files.sort()).toEqual(layers.map((l) => `${l.id}.geojson`).sort());
  });

  it('writes one feature per line with unique version-4 UUIDs', () => {
    const ids = new Set<string>();
    for (const layer of layers) {
      const lines = readFileSync(new URL(`${layer.id}.geojson`, DEMO_DIR), 'utf8').split('\n');
      expect(lines[0]).toBe('{"type":"FeatureCollection","features":[');
      expect(lines.length).toBe(data[layer.id].length + 3);
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      expect(data[layer.id].filter((f) => !uuid.test(String(f.id))).map((f) => f.id)).toEqual([]);
      for (const f of data[layer.id]) ids.add(String(f.id));
    }
    expect(ids.size).toBe(layers.reduce((n, l) => n + data[l.id].length, 0));
  });

  it('names every feature uniquely within its layer', () => {
    for (const layer of layers) {
      const names = data[layer.id].map((f) => f.properties.name);
      expect(new Set(names).size, layer.id).toBe(names.length);
    }
  });

  it('stays under 3 MB in all', () => {
    const bytes = layers.reduce((n, l) => n + readFileSync(new URL(`${l.id}.geojson`, DEMO_DIR)).length, 0);
    expect(bytes).toBeLessThan(3_000_000);
  });
});

describe('registry agreement', () => {
  for (const layer of layers) {
    it(`${layer.id}: exactly the writable fields, with values the registry allows`, () => {
      const fields = allFields(layer);
      const expected = writable(fields);
      const extra = layer.id === 'depots' ? ['stock'] : [];
      // Problems gathered and asserted once: an expect per value costs seconds on the road network.
      const problems: string[] = [];
      const keys = JSON.stringify([...expected, ...extra]);
      const externalId = new RegExp(`^demo-${layer.id}-\\d{3,}$`);
      const checked = fields.filter((x) => expected.includes(x.name));
      for (const f of data[layer.id]) {
        const p = f.properties;
        const at = (what: string) => problems.push(`${p.name}: ${what}`);
        if (JSON.stringify(Object.keys(p)) !== keys) at(`fields ${Object.keys(p).join(', ')}`);
        for (const name of DERIVED_COMMON) if (name in p) at(`carries ${name}`);
        if (p.lifecycle !== 'active' || p.source !== 'demo' || p.source_crs !== 'EPSG:4490') at('lifecycle or source');
        if (!externalId.test(String(p.external_id))) at(`external id ${p.external_id}`);
        if (!(layer.geometryTypes as string[]).includes(f.geometry.type)) at(`geometry ${f.geometry.type}`);
        for (const field of checked) {
          const problem = valueProblem(field, p[field.name]);
          if (problem) at(`${field.name} ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('geometry', () => {
  const [minX, minY, maxX, maxY] = profile.extent as number[];
  const all = layers.flatMap((l) => data[l.id]);

  it('keeps every coordinate inside the district extent, rounded to 6 decimals', () => {
    const problems: string[] = [];
    for (const f of all) {
      for (const [x, y] of positions(f.geometry)) {
        if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) problems.push(`${f.properties.name} outside`);
        if (Math.round(x * 1e6) / 1e6 !== x || Math.round(y * 1e6) / 1e6 !== y)
          problems.push(`${f.properties.name} ${x},${y} not rounded`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has valid polygons, outer rings counter-clockwise and holes clockwise', () => {
    for (const f of all.filter((x) => x.geometry.type.endsWith('Polygon'))) {
      expect(turf.booleanValid(f), `${f.properties.name}`).toBe(true);
      expect(turf.kinks(f as Feature<Polygon | MultiPolygon>).features, `${f.properties.name} crosses itself`).toEqual(
        [],
      );
      for (const [outer, ...holes] of polygonsOf(f.geometry)) {
        expect(turf.booleanClockwise(outer), `${f.properties.name}`).toBe(false);
        for (const hole of holes) expect(turf.booleanClockwise(hole)).toBe(true);
        for (const ring of [outer, ...holes]) {
          const repeats = ring.slice(1).filter((p, i) => p[0] === ring[i][0] && p[1] === ring[i][1]);
          expect(repeats, `${f.properties.name}: repeated point`).toEqual([]);
        }
      }
    }
  });

  const admin = data.admin_areas;
  const district = admin.find((f) => f.properties.level === 'district') as Feature<Polygon | MultiPolygon, Props>;
  const townships = admin.filter((f) => f.properties.level === 'township') as Feature<Polygon | MultiPolygon, Props>[];

  it('has a district of about 770 km² whose townships partition it', () => {
    const area = turf.area(district) / 1e6;
    expect(area).toBeGreaterThan(740);
    expect(area).toBeLessThan(800);
    expect(Math.abs(area - profile.area_km2) / area).toBeLessThan(0.005);
    expect(townships).toHaveLength(14);
    const townshipArea = townships.reduce((n, t) => n + turf.area(t), 0) / 1e6;
    expect(Math.abs(townshipArea - area) / area).toBeLessThan(0.005);
    // No gaps: what the townships leave of the district is at most rounding noise.
    const left = turf.difference(turf.featureCollection([district, ...townships]));
    expect(left ? turf.area(left) : 0).toBeLessThan(1000);
    for (const t of townships) expect(t.properties.area_km2).toBeCloseTo(turf.area(t) / 1e6, 1);
  });

  it('puts every point feature inside the district', () => {
    for (const f of all.filter((x) => x.geometry.type === 'Point')) {
      expect(turf.booleanPointInPolygon(f.geometry as Point, district), `${f.properties.name}`).toBe(true);
    }
  });

  it('puts every village in a township, and township populations add up', () => {
    for (const t of townships) {
      const inside = data.population.filter((p) => turf.booleanPointInPolygon(p.geometry as Point, t));
      expect(sum(inside, 'residents')).toBe(t.properties.population);
    }
    expect(sum(townships, 'population')).toBe(district.properties.population);
  });
});

describe('the plan figures', () => {
  it('has about 470,000 residents in about 250 villages', () => {
    const residents = sum(data.population, 'residents');
    expect(Math.abs(residents - 470000) / 470000).toBeLessThan(0.01);
    expect(data.population.length).toBeGreaterThanOrEqual(230);
    expect(data.population.length).toBeLessThanOrEqual(270);
  });

  it('has 245 shelters split as the plan says', () => {
    const shelters = data.shelters;
    expect(shelters).toHaveLength(245);
    expect(count(shelters, (s) => s.properties.grade)).toEqual({ A: 101, B: 91, C: 53 });
    expect(count(shelters, (s) => s.properties.level)).toEqual({ district: 4, township: 38, village: 203 });
    expect(shelters.filter((s) => s.properties.upgrading)).toHaveLength(50);
    const standardised = shelters.filter((s) => s.properties.standardised).length / shelters.length;
    expect(standardised).toBeGreaterThan(0.8);
    expect(standardised).toBeLessThan(0.9);
    const park = shelters.find((s) => s.properties.name === '涵江区人民公园');
    expect(park?.properties).toMatchObject({ level: 'district', kind: 'central', grade: 'A' });
  });

  it('derives shelter capacity from the profile', () => {
    for (const s of data.shelters) {
      const perPerson = profile.shelter[s.properties.kind as string].m2_per_person;
      expect(s.properties.capacity).toBe(Math.floor((s.properties.effective_area_m2 as number) / perPerson));
      expect(s.properties.free_places as number).toBeLessThanOrEqual(s.properties.capacity as number);
    }
  });

  it('has 10 cameras, 6 existing and 4 planned', () => {
    expect(count(data.cameras, (c) => c.properties.status)).toEqual({ existing: 6, planned: 4 });
  });

  it('has 13 professional and 3 social teams, and composite teams in only some townships', () => {
    const teams = data.teams;
    const kinds = count(teams, (t) => t.properties.kind);
    expect(kinds.social).toBe(3);
    expect(teams.length - kinds.social - kinds.township_composite).toBe(13);
    expect(kinds.township_composite).toBeGreaterThanOrEqual(8);
    expect(kinds.township_composite).toBeLessThan(14);
    expect(teams.some((t) => t.properties.name === '涵江蓝天救援队' && t.properties.kind === 'social')).toBe(true);
  });

  it('has the new 白塘 and 白沙 government fire stations with 10 staff each', () => {
    for (const town of ['白塘镇', '白沙镇']) {
      const station = data.fire_stations.find((s) => String(s.properties.name).startsWith(town));
      expect(station?.properties).toMatchObject({ kind: 'government', staff: 10 });
    }
  });

  it('gives depots stock rows, district depots holding hundreds of tents', () => {
    for (const d of data.depots) {
      const stock = d.properties.stock as { item: string; quantity: number; unit: string; expires_on: string | null }[];
      expect(stock.length).toBeGreaterThan(0);
      for (const row of stock) {
        expect(Number.isInteger(row.quantity) && row.quantity > 0).toBe(true);
        expect(row.expires_on === null || /^\d{4}-\d{2}-\d{2}$/.test(row.expires_on)).toBe(true);
      }
    }
    const main = data.depots.find((d) => d.properties.name === '涵江区应急物资储备库');
    const stock = (main?.properties.stock ?? []) as { item: string; quantity: number }[];
    const tents = stock.find((r) => r.item === '帐篷');
    expect(tents?.quantity).toBeGreaterThanOrEqual(100);
  });
});

describe('scores and dates', () => {
  it('scores enterprise risks by the profile bands, residual never worse than inherent', () => {
    for (const r of data.enterprise_risks) {
      const p = r.properties as Record<string, number> & { method: string };
      const score = p.method === 'LEC' ? p.l * p.e * p.c : p.l * p.s;
      expect(p.score).toBeCloseTo(score, 2);
      expect(p.level).toBe(levelFrom(p.score, p.method === 'LEC' ? profile.lec : profile.matrix));
      expect(p.residual_level).toBeGreaterThanOrEqual(p.inherent_level);
    }
  });

  it('stores one zone a level below the worst enterprise point inside it, and only one', () => {
    const understated = data.risk_zones.filter((z) =>
      data.enterprise_risks.some(
        (r) =>
          (r.properties.level as number) < (z.properties.level as number) &&
          turf.booleanPointInPolygon(r.geometry as Point, z as Feature<Polygon | MultiPolygon>),
      ),
    );
    expect(understated.map((z) => z.properties.hazard_type)).toEqual(['hazchem']);
  });

  it('keeps hazard stage dates in order and empty past the stage reached', () => {
    const stages = ['found', 'listed', 'rectifying', 'closed'];
    const dateFields = ['found_on', 'listed_on', 'rectifying_on', 'closed_on'];
    for (const h of data.hazards) {
      const reached = stages.indexOf(h.properties.stage as string);
      const dates = dateFields.map((f) => h.properties[f] as string | null);
      for (const [i, d] of dates.entries())
        expect(d === null, `${h.properties.name} ${dateFields[i]}`).toBe(i > reached);
      const set = dates.filter((d): d is string => d !== null);
      expect([...set].sort()).toEqual(set);
    }
    expect(new Set(data.hazards.map((h) => h.properties.stage)).size).toBe(4);
    expect(
      data.hazards.filter((h) => h.properties.kind === 'embankment').every((h) => h.geometry.type === 'LineString'),
    ).toBe(true);
  });

  it('puts a shelter and a school in red or orange zones for the exposure check', () => {
    const severe = data.risk_zones.filter((z) => (z.properties.level as number) <= 2) as Feature<
      Polygon | MultiPolygon
    >[];
    const within = (f: Feature<Geometry, Props>, zones: Feature<Polygon | MultiPolygon>[]) =>
      zones.some((z) => turf.booleanPointInPolygon(f.geometry as Point, z));
    const geohazard = severe.filter((z) => z.properties?.hazard_type === 'geohazard');
    const exposedShelters = data.shelters.filter((s) => within(s, geohazard));
    expect(exposedShelters.length).toBeGreaterThanOrEqual(1);
    expect(exposedShelters.length).toBeLessThanOrEqual(2);
    const schools = data.protected_targets.filter((t) => t.properties.kind === 'school');
    expect(schools.some((s) => within(s, severe))).toBe(true);
  });
});

/** The forest and key fire-prevention areas as one area: what the cameras are meant to watch. */
function watchedArea(): Feature<Polygon | MultiPolygon> {
  return turf.union(
    turf.featureCollection(
      data.forest_areas.filter((f) => ['forest', 'key_fire_area'].includes(f.properties.kind as string)) as Feature<
        Polygon | MultiPolygon
      >[],
    ),
  ) as Feature<Polygon | MultiPolygon>;
}

/** A camera's view as a turf circle or sector: an oracle apart from the product's raster grid. */
function view(c: Feature<Geometry, Props>) {
  const p = c.properties as Record<string, number>;
  const km = p.range_m / 1000;
  const center = (c.geometry as Point).coordinates;
  return p.fov_deg >= 360
    ? turf.circle(center, km, { steps: 48 })
    : turf.sector(center, km, p.heading_deg - p.fov_deg / 2, p.heading_deg + p.fov_deg / 2, { steps: 48 });
}

/** Share (0–1) of the watched area inside the union of the cameras' views. */
function cameraCoverage(cameras: Feature<Geometry, Props>[], watched: Feature<Polygon | MultiPolygon>): number {
  const seen = cameras.length === 1 ? view(cameras[0]) : turf.union(turf.featureCollection(cameras.map(view)));
  const covered = seen && turf.intersect(turf.featureCollection([seen, watched]));
  return covered ? turf.area(covered) / turf.area(watched) : 0;
}

const metresApart = (a: Feature<Geometry, Props>, b: Feature<Geometry, Props>) =>
  turf.distance(a.geometry as Point, b.geometry as Point, { units: 'meters' });

describe('indicators the demo is tuned to', () => {
  const status = (f: Feature<Geometry, Props>) => f.properties.status;

  it('lets existing cameras watch about 30% of the forest and key areas, about 50% with the planned ones', () => {
    const watched = watchedArea();
    const existing = cameraCoverage(
      data.cameras.filter((c) => status(c) === 'existing'),
      watched,
    );
    const all = cameraCoverage(data.cameras, watched);
    expect(existing).toBeGreaterThan(0.27);
    expect(existing).toBeLessThan(0.35);
    expect(all).toBeGreaterThan(0.45);
    expect(all).toBeLessThan(0.55);
  });

  it('reaches 85–90% of residents with existing broadcast terminals', () => {
    const terminals = data.broadcast_terminals.filter((t) => status(t) === 'existing');
    const reached = data.population.filter((v) =>
      terminals.some(
        (t) =>
          turf.distance(t.geometry as Point, v.geometry as Point, { units: 'meters' }) <=
          (t.properties.range_m as number),
      ),
    );
    const share = sum(reached, 'residents') / sum(data.population, 'residents');
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(0.9);
  });

  it('leaves a couple of villages more than 3 km from any shelter', () => {
    const far = data.population.filter((v) =>
      data.shelters.every((s) => turf.distance(s.geometry as Point, v.geometry as Point, { units: 'meters' }) > 3000),
    );
    expect(far.length).toBeGreaterThanOrEqual(1);
    expect(far.length).toBeLessThanOrEqual(4);
  });
});

/** Segment ends as a union-find: the oracle for the network's connectivity, apart from any router. */
function components(segments: Feature<Geometry, Props>[]): number {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    const p = parent.get(k) ?? k;
    if (p === k) return k;
    const root = find(p);
    parent.set(k, root);
    return root;
  };
  const ends = (f: Feature<Geometry, Props>) => {
    const line = (f.geometry as LineString).coordinates;
    return [String(line[0]), String(line[line.length - 1])];
  };
  for (const f of segments) {
    const [a, b] = ends(f);
    parent.set(find(a), find(b));
  }
  return new Set(segments.flatMap((f) => ends(f).map(find))).size;
}

describe('the road network', () => {
  const roads = data.roads;
  const open = roads.filter((r) => r.properties.status !== 'closed');

  it('has a couple of thousand segments of every class but tracks, all simple lines', () => {
    expect(roads.length).toBeGreaterThan(1500);
    expect(roads.length).toBeLessThan(4000);
    expect(Object.keys(count(roads, (r) => r.properties.class)).sort()).toEqual(
      ['county', 'expressway', 'national', 'provincial', 'township', 'urban', 'village'].sort(),
    );
    for (const r of roads) expect(r.geometry.type, String(r.properties.name)).toBe('LineString');
  });

  it('is one network, and stays one with its closed road left out', () => {
    expect(components(roads)).toBe(1);
    expect(components(open)).toBe(1);
  });

  it('brings a road end within 1 km of every village', () => {
    const ends = roads.flatMap((r) => {
      const line = (r.geometry as LineString).coordinates;
      return [line[0], line[line.length - 1]];
    });
    const far = data.population.filter((v) =>
      ends.every((e) => turf.distance(e, (v.geometry as Point).coordinates, { units: 'meters' }) > 1000),
    );
    expect(far.map((v) => v.properties.name)).toEqual([]);
  });

  it('has a few bridges, a tunnel, one one-way street and one road closed by a landslide', () => {
    const bridges = roads.filter((r) => r.properties.bridge).length;
    expect(bridges).toBeGreaterThanOrEqual(2);
    expect(bridges).toBeLessThanOrEqual(20);
    expect(roads.filter((r) => r.properties.tunnel)).toHaveLength(1);
    expect(roads.some((r) => r.properties.oneway)).toBe(true);
    const closed = roads.filter((r) => r.properties.status === 'closed');
    expect(closed).toHaveLength(1);
    expect(closed[0].properties.closure_note).toMatch(/滑坡/);
  });
});

describe('the saved scenario', () => {
  const scenario = JSON.parse(readFileSync(new URL('scenario.json', DEMO_DIR), 'utf8'));
  const proposals = (layer: string): Feature<Geometry, Props>[] => scenario.proposals[layer].features;

  it('proposes two cameras and two shelters, each a valid feature of its layer with an id of its own', () => {
    expect(scenario.title).toBe('十四五规划补点方案');
    expect(Object.keys(scenario.proposals).sort()).toEqual(['cameras', 'shelters']);
    const taken = new Set(layers.flatMap((l) => data[l.id].map((f) => String(f.id))));
    for (const layerId of ['cameras', 'shelters']) {
      const schema = featureSchema(findLayer(layerId) as LayerDef);
      expect(proposals(layerId)).toHaveLength(2);
      for (const f of proposals(layerId)) {
        expect(schema.safeParse(f).error?.issues ?? []).toEqual([]);
        expect(String(f.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(taken.has(String(f.id)), String(f.id)).toBe(false);
        taken.add(String(f.id));
        expect(data[layerId].map((g) => g.properties.name)).not.toContain(f.properties.name);
      }
    }
  });

  it('puts its cameras in forest no camera sees, even planned ones, adding over 10 points of coverage', () => {
    const watched = watchedArea();
    for (const c of proposals('cameras')) {
      expect(turf.booleanPointInPolygon(c.geometry as Point, watched)).toBe(true);
      for (const other of data.cameras)
        expect(turf.booleanPointInPolygon(c.geometry as Point, view(other))).toBe(false);
    }
    const planned = cameraCoverage(data.cameras, watched);
    expect(cameraCoverage([...data.cameras, ...proposals('cameras')], watched)).toBeGreaterThan(planned + 0.1);
  });

  it('puts a shelter beside each village over 3 km from any shelter, leaving none', () => {
    const far = (shelters: Feature<Geometry, Props>[]) =>
      data.population.filter((v) => shelters.every((s) => metresApart(s, v) > 3000)).map((v) => v.properties.name);
    expect(far(data.shelters).sort()).toEqual(['港坑村', '顶和村']);
    expect(far([...data.shelters, ...proposals('shelters')])).toEqual([]);
    for (const [shelter, village] of [
      [0, '顶和村'],
      [1, '港坑村'],
    ] as const) {
      const v = data.population.find((p) => p.properties.name === village) as Feature<Geometry, Props>;
      expect(metresApart(proposals('shelters')[shelter], v)).toBeLessThan(1000);
    }
  });
});

describe('generator', () => {
  it('reproduces the committed files byte for byte', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'onemap-demo-'));
    try {
      generateDemo(dir);
      for (const layer of layers) {
        const fresh = readFileSync(join(dir, `${layer.id}.geojson`));
        const committed = readFileSync(new URL(`${layer.id}.geojson`, DEMO_DIR));
        expect(fresh.equals(committed), `${layer.id}.geojson differs`).toBe(true);
      }
      const scenario = readFileSync(new URL('scenario.json', DEMO_DIR));
      expect(readFileSync(join(dir, 'scenario.json')).equals(scenario), 'scenario.json differs').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
