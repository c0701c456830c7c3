/**
 * The roads layer on both backends: it comes through the items API, edits, exports and tiles like
 * every layer; a responder may close a road and change nothing else of it; bad roads are refused
 * naming the field with the store unchanged; a transport bureau's register imports from every format
 * with its classes worked out from grade and route code; an OpenStreetMap extract, XML or PBF,
 * imports its drivable ways alone with their tags read. The PBF is written by test/support/osm-pbf.ts,
 * and GDAL reading it as it reads the XML is what shows that writer right.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { allFields, findLayer } from '../../server/layers/registry.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore, staff } from '../support/http.ts';
import { osmPbfFromXml } from '../support/osm-pbf.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
const OSM_XML = fixture('roads.osm');
const OSM_PBF = osmPbfFromXml(OSM_XML.toString('utf8'));
const DEMO_ROADS = JSON.parse(readFileSync(new URL('../../data/demo/roads.geojson', import.meta.url), 'utf8'));

const road = (coordinates: number[][], properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'LineString', coordinates },
  properties: { name: '测试道路', class: 'county', ref: 'X299', ...properties },
});
const LINE = [
  [119.098, 25.5],
  [119.1, 25.51],
];

/** The register's segments as the fixtures hold them, and what each becomes. */
const REGISTER: Record<string, Record<string, unknown>> = {
  R001: { name: '国道324线涵江段', class: 'national', ref: 'G324', tech_grade: 'class1', speed_kmh: 60, oneway: false },
  R002: { name: '梧塘—萩芦线', class: 'county', ref: 'X201', tech_grade: 'class3', speed_kmh: 40, bridge: true },
  R003: { name: 'Y012', class: 'township', ref: 'Y012', tech_grade: 'class4', speed_kmh: null },
  R004: { name: '东埔进村路', class: 'village', ref: 'C001', tech_grade: 'substandard', speed_kmh: 15 },
  R005: { name: '涵西老街', class: 'urban', ref: null, speed_kmh: 30, oneway: true },
  R006: { name: '林场专用公路', class: 'village', ref: 'Z003', tech_grade: 'class4' },
  R007: { name: '梧塘工业路', class: 'provincial', ref: null, tech_grade: 'class2' },
};

/** The fixture's drivable ways, read by hand from roads.osm; footway, stream, service lane and the clipped way are not roads. */
const OSM_WAYS: Record<string, Record<string, unknown>> = {
  'way/101': { name: '324国道', class: 'national', ref: 'G324', speed_kmh: 60, oneway: false, bridge: false },
  'way/102': { name: '梧塘—萩芦线', class: 'county', ref: 'X201', speed_kmh: 40, bridge: true, tunnel: false },
  'way/103': { name: 'Y012', class: 'township', ref: 'Y012', speed_kmh: null },
  'way/104': { class: 'track', tunnel: false },
  'way/105': { name: '涵西老街', class: 'urban', oneway: true },
  'way/106': { name: '林场路', class: 'village', tunnel: true, speed_kmh: null },
  'way/107': { name: '梧塘互通匝道', class: 'expressway', oneway: true },
};

describe.each(backends())('the roads layer on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const roads = findLayer('roads')!;

  async function send(method: string, path: string, body: unknown, headers: Record<string, string> = staff) {
    const response = await fetch(served.api.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, etag: response.headers.get('etag'), body: await response.json() };
  }

  async function upload(query: string, bytes: Buffer) {
    const response = await fetch(`${served.api.url}/import/roads?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...staff },
      body: new Uint8Array(bytes),
    });
    return { status: response.status, body: await response.json() };
  }

  async function bySource(source: string): Promise<Map<string, Feature>> {
    const { features } = await served.store.listItems(roads, {
      audience: 'internal',
      filters: [{ field: allFields(roads).find((f) => f.name === 'source')!, values: [source] }],
      limit: 1000,
      offset: 0,
    });
    return new Map(features.map((f) => [String(f.properties?.external_id), f]));
  }

  it('serves the demo network as a collection of lines', async () => {
    const collection = await served.api.get('/collections/roads');
    expect(collection.status).toBe(200);
    const page = await served.api.get('/collections/roads/items?limit=5&class=expressway');
    expect(page.body.numberMatched).toBe(
      DEMO_ROADS.features.filter((f: Feature) => f.properties?.class === 'expressway').length,
    );
    for (const f of page.body.features) expect(f.geometry.type).toBe('LineString');
    const closed = await served.api.get('/collections/roads/items?status=closed');
    expect(closed.body.features).toHaveLength(1);
  });

  it('keeps a road as written, derives its township, and reads absent flags as nothing set', async () => {
    const created = await send('POST', '/collections/roads/items', road(LINE, { speed_kmh: 45, bridge: true }));
    expect(created.status).toBe(201);
    const { body } = await served.api.get(`/collections/roads/items/${created.body.id}`, staff);
    expect(body.geometry.coordinates).toEqual(LINE);
    expect(body.properties).toMatchObject({ class: 'county', ref: 'X299', speed_kmh: 45, bridge: true, oneway: null });
    expect(body.properties.township).toBe('梧塘镇');
  });

  it('lets a responder close a road and say why, but not change its class', async () => {
    const created = await send('POST', '/collections/roads/items', road(LINE, { name: '滑坡测试路' }));
    const path = `/collections/roads/items/${created.body.id}`;
    const closing = { properties: { status: 'closed', closure_note: '山体滑坡' } };
    const closed = await send('PATCH', path, closing, { ...as('responder'), 'if-match': created.etag as string });
    expect(closed.status).toBe(200);
    expect(closed.body.properties).toMatchObject({ status: 'closed', closure_note: '山体滑坡', class: 'county' });
    const regrade = await send(
      'PATCH',
      path,
      { properties: { class: 'village' } },
      {
        ...as('responder'),
        'if-match': closed.etag as string,
      },
    );
    expect(regrade.status).toBe(403);
    expect(regrade.body['invalid-params'][0].name).toBe('properties.class');
  });

  it.each([
    ['a road of one vertex', road([[119.098, 25.5]]), 'geometry.coordinates'],
    ['a road of no length', road([LINE[0], LINE[0]]), 'geometry'],
    ['an unknown class', road(LINE, { class: 'highway' }), 'properties.class'],
    ['no class at all', road(LINE, { class: undefined }), 'properties.class'],
    ['a speed of 0', road(LINE, { speed_kmh: 0 }), 'properties.speed_kmh'],
    ['a speed of 500 km/h', road(LINE, { speed_kmh: 500 }), 'properties.speed_kmh'],
    ["a status of 'maybe'", road(LINE, { status: 'maybe' }), 'properties.status'],
    ['a point', { ...road(LINE), geometry: { type: 'Point', coordinates: LINE[0] } }, 'geometry'],
  ])('refuses %s with a 400 naming the field, the store unchanged', async (_what, feature, field) => {
    const before = await storeDigest(served.store);
    const reply = await send('POST', '/collections/roads/items', feature);
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
  });

  it('exports roads as GeoJSON, CSV and KML, and cuts them into tiles', async () => {
    const geojson = await served.api.get('/exports/roads.geojson');
    expect(geojson.status).toBe(200);
    const exported = typeof geojson.body === 'string' ? JSON.parse(geojson.body) : geojson.body;
    expect(exported.features.length).toBeGreaterThanOrEqual(DEMO_ROADS.features.length);
    const csv = await served.api.get('/exports/roads.csv', staff);
    expect(String(csv.body).split('\r\n')[0]).toMatch(/道路等级.*路线编码.*通行状态/);
    const kml = await served.api.get('/exports/roads.kml');
    expect(String(kml.body)).toContain('<LineString>');
    const tile = await fetch(`${served.api.url}/tiles/roads/10/850/436.mvt`);
    expect(tile.status).toBe(200);
    expect((await tile.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it.each([
    ['roads-register.geojson'],
    ['roads-register.zip'],
    ['roads-register.gpkg'],
    ['roads-register.kml'],
    ['roads-register.csv'],
  ])('imports a road register from %s, classes from grade and route code', async (file) => {
    const reply = await upload(`filename=${file}`, fixture(file));
    expect(reply.status, JSON.stringify(reply.body['invalid-params'])).toBe(200);
    const stored = await bySource(file);
    expect([...stored.keys()].sort()).toEqual(Object.keys(REGISTER));
    for (const [id, expected] of Object.entries(REGISTER)) {
      expect(stored.get(id)?.properties, `${file} ${id}`).toMatchObject(expected);
    }
    expect(stored.get('R002')?.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [119.098, 25.5],
        [119.096, 25.52],
        [119.094, 25.54],
      ],
    });
  });

  it.each([
    ['roads.osm', OSM_XML],
    ['roads.osm.pbf', OSM_PBF],
  ])('imports from %s only the drivable ways, with their tags read', async (file, bytes) => {
    const reply = await upload(`filename=${file}&source=osm-${file}`, bytes);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.decisions.join(' ')).toMatch(/kept 7 drivable roads.*left out 3 other ways/);
    const stored = await bySource(`osm-${file}`);
    expect([...stored.keys()].sort()).toEqual(Object.keys(OSM_WAYS));
    for (const [id, expected] of Object.entries(OSM_WAYS)) {
      expect(stored.get(id)?.properties, `${file} ${id}`).toMatchObject({ ...expected, source_crs: 'EPSG:4326' });
    }
    // oneway=-1: drawn against the traffic, so turned round.
    expect(stored.get('way/105')?.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [119.104, 25.458],
        [119.108, 25.462],
      ],
    });
  });

  it('refuses an OpenStreetMap extract for any other layer, naming the file', async () => {
    const before = await storeDigest(served.store);
    const response = await fetch(`${served.api.url}/import/shelters?filename=roads.osm`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...staff },
      body: new Uint8Array(OSM_XML),
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body['invalid-params'][0]).toMatchObject({ name: 'file', reason: expect.stringMatching(/roads layer/) });
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
  });

  const HEADER = 'WKT,路线名称,行政等级,设计速度,通行状态\r\n';
  const SEGMENT = '"LINESTRING (119.1 25.5,119.11 25.51)"';
  it.each([
    ['one vertex', '"LINESTRING (119.1 25.5)",单点路,县道,,', 'WKT'],
    ['an unknown class', `${SEGMENT},高架路,立交桥,,`, '行政等级'],
    ['a speed of 0', `${SEGMENT},零速路,县道,0,`, '设计速度'],
    ['a speed of 500', `${SEGMENT},超速路,县道,500,`, '设计速度'],
    ["a status of 'maybe'", `${SEGMENT},状态不明路,县道,,maybe`, '通行状态'],
  ])('refuses a register row with %s, naming row and column, writing nothing', async (_what, row, column) => {
    const before = await storeDigest(served.store);
    const reply = await upload('filename=bad-roads.csv', Buffer.from(`${HEADER}${row}\r\n`));
    expect(reply.status).toBe(422);
    expect(reply.body['invalid-params'].map((p: { name: string }) => p.name)).toEqual([`row 2: ${column}`]);
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
  });
});

const gdal = existsSync('/usr/bin/ogr2ogr');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the OSM PBF writer cannot be checked.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

describe.runIf(gdal)('the test PBF writer', () => {
  it('writes what GDAL reads as the same lines as the XML it came from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onemap-osm-'));
    try {
      writeFileSync(join(dir, 'roads.osm.pbf'), OSM_PBF);
      writeFileSync(join(dir, 'roads.osm'), OSM_XML);
      const lines = async (file: string) => {
        const { stdout } = await promisify(execFile)('ogr2ogr', [
          '-f',
          'GeoJSON',
          '/vsistdout/',
          join(dir, file),
          'lines',
        ]);
        return JSON.parse(stdout).features;
      };
      const fromXml = await lines('roads.osm');
      expect(fromXml).toHaveLength(10);
      expect(await lines('roads.osm.pbf')).toEqual(fromXml);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
