import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterEach, describe, expect, it } from 'vitest';
import { RISK_COLOURS } from '../../catalog/palette.ts';
import { readDemoLayer } from '../../server/demo/load-demo.ts';
import { type MapSheet, renderMapSheet } from '../../server/exports/index.ts';
import { LAYOUT } from '../../server/exports/layout.ts';
import { PAGE, PNG_SCALE } from '../../server/exports/sheet.ts';
import { importFile } from '../../server/import/index.ts';
import { allFields, findLayer, layers } from '../../server/layers/registry.ts';
import { backends } from '../support/backends.ts';
import { servedStore, staff } from '../support/http.ts';

const OUT = 'test-output/exports';
mkdirSync(OUT, { recursive: true });

function required(tool: string, what: string): boolean {
  if (existsSync(`/usr/bin/${tool}`)) return true;
  const message = `${tool} (${what}) is not installed: the export tests that need it cannot run.`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
  return false;
}
const gdal = required('ogr2ogr', 'gdal-bin');
const poppler = required('pdftoppm', 'poppler-utils');

const run = async (command: string, args: string[]) =>
  (await promisify(execFile)(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;

/** Whatever GDAL makes of a file, as GeoJSON. */
const gdalRead = async (path: string, options: string[] = []) =>
  JSON.parse(await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path, ...options]));

/** Pixels within `box` (page units × `scale`) close to each colour: every channel within 40. */
async function coloursIn(png: Buffer, box: { x: number; y: number; width: number; height: number }, scale: number) {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const [x, y, w, h] = [box.x, box.y, box.width, box.height].map((v) => Math.round(v * scale));
  const { data } = context.getImageData(x, y, w, h);
  const counts: Record<string, number> = {};
  for (const hex of Object.values(RISK_COLOURS)) {
    const target = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (target.every((v, c) => Math.abs(data[i + c] - v) < 40)) count++;
    }
    counts[hex] = count;
  }
  return { width: image.width, height: image.height, counts };
}

const embedded = backends().find((b) => b.name === 'embedded')!;
const PARK = '涵江区人民公园';
const ZONE = '新县镇和浦地质灾害易发区';

describe('exports', () => {
  const served = servedStore(() => embedded.open());

  const download = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(served.api.url + path, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      disposition: response.headers.get('content-disposition') ?? '',
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };
  const save = (name: string, bytes: Buffer) => {
    const path = join(OUT, name);
    writeFileSync(path, bytes);
    return path;
  };
  const countOf = async (layer: string) =>
    (await served.api.get(`/collections/${layer}/items?limit=1`, staff)).body.numberMatched as number;

  describe.runIf(gdal)('each layer as a file GDAL reads', () => {
    it.each([
      ['shelters', PARK, { grade: 'A', kind: 'central' }],
      ['risk_zones', ZONE, { level: 2, hazard_type: 'geohazard' }],
    ] as Array<[string, string, Record<string, unknown>]>)(
      'GeoJSON: every feature of %s, with its attributes',
      async (id, name, check) => {
        const file = await download(`/exports/${id}.geojson`);
        expect(file.status).toBe(200);
        expect(file.type).toContain('application/geo+json');
        const read = await gdalRead(save(`${id}.geojson`, file.bytes));
        expect(read.features).toHaveLength(await countOf(id));
        expect(read.features.find((f: any) => f.properties.name === name).properties).toMatchObject(check);
      },
    );

    it('CSV: points by their 经度/纬度 columns, areas by WKT with a point inside each', async () => {
      const shelters = await download('/exports/shelters.csv');
      expect(shelters.type).toContain('text/csv');
      const points = await gdalRead(save('shelters.csv', shelters.bytes), [
        '-oo',
        'X_POSSIBLE_NAMES=经度',
        '-oo',
        'Y_POSSIBLE_NAMES=纬度',
      ]);
      expect(points.features).toHaveLength(await countOf('shelters'));
      const park = points.features.find((f: any) => f.properties.名称 === PARK);
      expect(park.properties).toMatchObject({ 等级: 'A类', 类型: '中心避难场所' });
      expect(park.geometry.type).toBe('Point');

      const zones = await download('/exports/risk_zones.csv');
      const areas = await gdalRead(save('risk_zones.csv', zones.bytes), ['-oo', 'GEOM_POSSIBLE_NAMES=几何*']);
      expect(areas.features).toHaveLength(await countOf('risk_zones'));
      const zone = areas.features.find((f: any) => f.properties.名称 === ZONE);
      expect(zone.properties.风险等级).toBe('较大风险(橙)');
      expect(zone.geometry.type).toBe('Polygon');
      // The representative point lies inside its zone.
      const inside = await gdalRead(save('risk_zones-points.csv', zones.bytes), [
        '-oo',
        'X_POSSIBLE_NAMES=代表点经度',
        '-oo',
        'Y_POSSIBLE_NAMES=代表点纬度',
      ]);
      const at = inside.features.find((f: any) => f.properties.名称 === ZONE).geometry.coordinates;
      const ring: number[][] = zone.geometry.coordinates[0];
      const crossings = ring.filter((a, i) => {
        const b = ring[(i + 1) % ring.length];
        return a[1] > at[1] !== b[1] > at[1] && at[0] < ((b[0] - a[0]) * (at[1] - a[1])) / (b[1] - a[1]) + a[0];
      });
      expect(crossings.length % 2).toBe(1);
    });

    it('KML: a placemark per feature with name, Chinese-labelled description and a style per risk level', async () => {
      const file = await download('/exports/risk_zones.kml');
      expect(file.type).toContain('application/vnd.google-earth.kml+xml');
      const text = file.bytes.toString('utf8');
      for (const level of [1, 2, 3, 4]) expect(text).toContain(`<Style id="level-${level}">`);
      expect(text).toContain('<PolyStyle><color>b31200e6</color></PolyStyle>'); // #E60012 as KML's aabbggrr
      const read = await gdalRead(save('risk_zones.kml', file.bytes));
      expect(read.features).toHaveLength(await countOf('risk_zones'));
      const zone = read.features.find((f: any) => f.properties.Name === ZONE);
      expect(zone.properties.level).toBe('较大风险(橙)');
      expect(zone.properties.description).toContain('风险类型');
      expect(zone.properties.description).toContain('地质灾害易发区');
      expect(zone.geometry.type).toBe('Polygon');

      const shelters = await gdalRead(save('shelters.kml', (await download('/exports/shelters.kml')).bytes));
      expect(shelters.features).toHaveLength(await countOf('shelters'));
      expect(shelters.features.find((f: any) => f.properties.Name === PARK).properties.grade).toBe('A类');
    });
  });

  it('gives anonymous readers no internal field in any format, and staff all of them', async () => {
    for (const layer of layers) {
      const internal = allFields(layer).filter((f) => f.visibility === 'internal');
      const geojson = JSON.parse((await download(`/exports/${layer.id}.geojson`)).bytes.toString('utf8'));
      const keys = new Set(geojson.features.flatMap((f: any) => Object.keys(f.properties)));
      const csvHeader = (await download(`/exports/${layer.id}.csv`)).bytes.toString('utf8').split('\r\n')[0];
      const kml = (await download(`/exports/${layer.id}.kml`)).bytes.toString('utf8');
      for (const field of internal) {
        expect(keys.has(field.name), `${layer.id}.geojson ${field.name}`).toBe(false);
        expect(csvHeader.split(','), `${layer.id}.csv ${field.label.zh}`).not.toContain(field.label.zh);
        expect(kml, `${layer.id}.kml ${field.name}`).not.toContain(`<Data name="${field.name}">`);
      }
    }
    // The values themselves, not only their names: a contact's phone number is nowhere in the public files.
    const { features } = JSON.parse((await download('/exports/shelters.geojson', staff)).bytes.toString('utf8'));
    const phone = features.find((f: any) => f.properties.name === PARK).properties.contact_phone;
    expect(phone).toMatch(/\d{7,}/);
    for (const format of ['geojson', 'csv', 'kml']) {
      expect((await download(`/exports/shelters.${format}`)).bytes.toString('utf8')).not.toContain(phone);
      expect((await download(`/exports/shelters.${format}`, staff)).bytes.toString('utf8')).toContain(phone);
    }
  });

  it('names the download after the layer and the day, and takes the items filters', async () => {
    const file = await download('/exports/risk_zones.geojson?level=1,2');
    expect(file.disposition).toMatch(
      /^attachment; filename="risk_zones-\d{4}-\d{2}-\d{2}\.geojson"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(file.disposition.split("UTF-8''")[1])).toMatch(/^风险区-\d{4}-\d{2}-\d{2}\.geojson$/);
    const levels = JSON.parse(file.bytes.toString('utf8')).features.map((f: any) => f.properties.level);
    expect(new Set(levels)).toEqual(new Set([1, 2]));
    expect(levels).toHaveLength((await served.api.get('/collections/risk_zones/items?level=1,2')).body.numberMatched);

    const paged = await served.api.get('/exports/shelters.csv?limit=10');
    expect(paged.status).toBe(400);
    expect(paged.body['invalid-params'][0].name).toBe('limit');
    expect((await served.api.get('/exports/nowhere.csv')).status).toBe(404);
    expect((await served.api.get('/exports/shelters.xlsx')).status).toBe(404);
  });

  it('guards text against spreadsheet formulas in the CSV, and the import reads it back unchanged', async () => {
    const layer = findLayer('shelters')!;
    await served.store.insertFeatures(
      layer,
      [
        {
          geometry: { type: 'Point', coordinates: [119.1, 25.45] },
          properties: { name: '=SUM(1,2)', address: '@A1', source: 'test', external_id: 'formula-1' },
        },
      ],
      { user: 'test' },
    );
    const csv = (await download('/exports/shelters.csv', staff)).bytes;
    const row = csv
      .toString('utf8')
      .split('\r\n')
      .find((line) => line.includes('formula-1'));
    expect(row).toMatch(/^"'=SUM\(1,2\)",.*,'@A1,/);
    const report = await importFile(served.store, csv, { filename: 'shelters.csv', layer: 'shelters', user: 'test' });
    expect(report.result).toMatchObject({ created: 0, updated: 0, unchanged: await countOf('shelters') });
  });

  describe('the risk map as a sheet', () => {
    const frame = LAYOUT.map;

    it('as a PNG: the four colours inside the map frame', async () => {
      const file = await download('/exports/map.png');
      expect(file.status).toBe(200);
      expect(file.type).toBe('image/png');
      expect(file.disposition).toMatch(/^inline; filename="map-\d{4}-\d{2}-\d{2}\.png"/);
      save('map.png', file.bytes);
      const { width, height, counts } = await coloursIn(file.bytes, frame, PNG_SCALE);
      expect([width, height]).toEqual([PAGE.width * PNG_SCALE, PAGE.height * PNG_SCALE]);
      for (const [hex, count] of Object.entries(counts)) expect(count, hex).toBeGreaterThan(200);
    });

    it.runIf(poppler)('as a PDF: vector map in the four colours, Chinese text from an embedded CJK font', async () => {
      const file = await download('/exports/map.pdf');
      expect(file.status).toBe(200);
      expect(file.type).toBe('application/pdf');
      const pdf = save('map.pdf', file.bytes);
      await run('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, join(OUT, 'map-pdf')]);
      const render = readFileSync(join(OUT, 'map-pdf.png'));
      const { width, counts } = await coloursIn(render, frame, 60 / 72);
      expect(width).toBe(Math.round((PAGE.width * 60) / 72));
      for (const [hex, count] of Object.entries(counts)) expect(count, hex).toBeGreaterThan(20);

      const fonts = await run('pdffonts', [pdf]);
      const cjk = fonts.split('\n').find((line) => /CJK/i.test(line));
      expect(cjk, fonts).toMatch(/\+\S*CJK\S*\s.*\byes\s+yes\s+yes\b/); // a subset, embedded, with a Unicode map
      const text = await run('pdftotext', [pdf, '-']);
      for (const words of [
        '涵江区安全风险四色分布图',
        '演示数据',
        '重大风险',
        '较大风险',
        '一般风险',
        '低风险',
        '应急避难场所',
      ]) {
        expect(text).toContain(words);
      }
    });

    describe('when the Chinese font is missing', () => {
      const before = process.env.ONEMAP_MAP_FONT;
      afterEach(() => {
        if (before === undefined) delete process.env.ONEMAP_MAP_FONT;
        else process.env.ONEMAP_MAP_FONT = before;
      });

      it.each(['png', 'pdf'])(
        'answers a %s sheet with 503 naming the font instead of printing boxes',
        async (format) => {
          process.env.ONEMAP_MAP_FONT = '/nonexistent/fonts/NotoSansCJK-Regular.ttc';
          const { status, type, body } = await served.api.get(`/exports/map.${format}`);
          expect(status).toBe(503);
          expect(type).toContain('application/problem+json');
          expect(body.detail).toContain('/nonexistent/fonts/NotoSansCJK-Regular.ttc');
          expect(body.detail).toContain('ONEMAP_MAP_FONT');
        },
      );
    });
  });
});

describe('a map sheet from plain data', () => {
  const sheet = async (): Promise<MapSheet> => ({
    title: '涵江区安全风险四色分布图',
    version: 3,
    date: '2025-05-01',
    source: '涵江区应急管理局',
    reviewNumber: '闽S(2025)012号',
    demo: false,
    layers: {
      riskZones: await readDemoLayer('risk_zones'),
      shelters: await readDemoLayer('shelters'),
      adminAreas: await readDemoLayer('admin_areas'),
    },
  });

  it.runIf(poppler)('carries its version, date, source and map review number, and no demo label', async () => {
    const pdf = join(OUT, 'published.pdf');
    writeFileSync(pdf, await renderMapSheet(await sheet(), 'pdf'));
    const text = (await run('pdftotext', [pdf, '-'])).replace(/\s+/g, '');
    for (const words of ['审图号:闽S(2025)012号', '第3版', '2025年5月1日', '数据来源:涵江区应急管理局']) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain('演示数据');
  });

  it.each(['png', 'pdf'] as const)('renders the same sheet to the same %s bytes', async (format) => {
    const data = await sheet();
    const [a, b] = [await renderMapSheet(data, format), await renderMapSheet(data, format)];
    expect(a.equals(b)).toBe(true);
  });

  it('draws an empty sheet without failing', async () => {
    const empty = { type: 'FeatureCollection' as const, features: [] };
    const png = await renderMapSheet(
      { ...(await sheet()), layers: { riskZones: empty, shelters: empty, adminAreas: empty } },
      'png',
    );
    expect((await loadImage(png)).width).toBe(PAGE.width * PNG_SCALE);
  });
});
