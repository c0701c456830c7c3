/**
 * What the staff web map reads of the terrain, on both backends, against GDAL: the shaded relief is
 * `gdaldem hillshade`'s to a grey level, cell for cell, and the PNG placed on its stated extent shows
 * at each place the shade GDAL gives there; a terrain profile's heights are those `gdallocationinfo`
 * reads at its points. The public gets none of it; a bad line is refused by name.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../catalog/random.ts';
import { hillshade } from '../../server/terrain/hillshade.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

const gdal = existsSync('/usr/bin/gdaldem');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the relief and profiles cannot be checked against it.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'onemap-terrain-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Values GDAL reads from `file` at points; `-wgs84` for longitude/latitude, else pixel/line. */
function valuesAt(file: string, points: number[][], wgs84: boolean, band?: number): number[] {
  const args = ['-valonly', ...(wgs84 ? ['-wgs84'] : []), ...(band ? ['-b', String(band)] : []), file];
  const out = execFileSync('gdallocationinfo', args, {
    input: points.map((p) => `${p[0]} ${p[1]}`).join('\n'),
    encoding: 'utf8',
  });
  return out
    .trim()
    .split('\n')
    .map((line) => Number(line));
}

describe.runIf(gdal).each(backends())('the terrain in the staff map on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const dem = join(dir, `${backend.name}-dem.tif`);
  const shade = join(dir, `${backend.name}-shade.tif`);
  const staff = as('responder');
  const post = (path: string, body: unknown) =>
    fetch(`${served.api.url}${path}`, {
      method: 'POST',
      headers: { ...staff, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    const response = await fetch(`${served.api.url}/terrain/dem.tif`, { headers: staff });
    writeFileSync(dem, new Uint8Array(await response.arrayBuffer()));
    execFileSync('gdaldem', ['hillshade', '-q', dem, shade]);
  });

  it('shades the relief as gdaldem hillshade does, to a grey level in every cell', async () => {
    const loaded = await served.store.terrain.load();
    const ours = hillshade(loaded?.dem as never);
    execFileSync('gdal_translate', ['-q', '-of', 'EHdr', shade, join(dir, 'shade.bil')]);
    const theirs = new Uint8Array(readFileSync(join(dir, 'shade.bil')));
    expect(ours.length).toBe(theirs.length);
    let off = 0;
    for (let i = 0; i < ours.length; i++) off = Math.max(off, Math.abs(ours[i] - theirs[i]));
    expect(off).toBeLessThanOrEqual(1);
  });

  it('serves staff the relief as a PNG whose pixels, placed on the stated extent, show GDAL’s shade there', async () => {
    const info = await served.api.get('/terrain/dem', staff);
    expect(info.status).toBe(200);
    const [west, south, east, north] = info.body.bbox as number[];
    expect(west).toBeLessThan(118.88);
    expect(east).toBeGreaterThan(119.22);
    const response = await fetch(`${served.api.url}${info.body.hillshade}`, { headers: staff });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'image/png']);
    const png = join(dir, `${backend.name}-relief.png`);
    writeFileSync(png, new Uint8Array(await response.arrayBuffer()));
    const { size, bands } = JSON.parse(execFileSync('gdalinfo', ['-json', png], { encoding: 'utf8' }));
    expect(bands.length).toBe(2);
    const [width, height] = size;
    // Seeded places inside the district's extent, each compared at its pixel's centre.
    const rnd = mulberry32(15);
    const pixels = Array.from({ length: 40 }, () => [
      Math.floor((0.1 + 0.8 * rnd()) * width),
      Math.floor((0.1 + 0.8 * rnd()) * height),
    ]);
    const centres = pixels.map(([c, r]) => [
      west + ((c + 0.5) / width) * (east - west),
      north - ((r + 0.5) / height) * (north - south),
    ]);
    const grey = valuesAt(png, pixels, false, 1);
    const alpha = valuesAt(png, pixels, false, 2);
    const gdalShade = valuesAt(shade, centres, true);
    pixels.forEach((_p, k) => {
      expect(alpha[k]).toBe(255);
      expect(Math.abs(grey[k] - gdalShade[k])).toBeLessThanOrEqual(1);
    });
  });

  it('draws a terrain profile whose heights are those GDAL reads at its points', async () => {
    const line = [
      [118.99, 25.722],
      [119.05, 25.65],
      [119.12, 25.46],
    ];
    const { status, body } = await post('/terrain/profile', { line });
    expect(status).toBe(200);
    const { points } = body;
    expect(points.length).toBeGreaterThan(100);
    expect(points[0].distance_m).toBe(0);
    expect(points.at(-1).distance_m).toBe(body.length_m);
    for (let k = 1; k < points.length; k++) expect(points[k].distance_m).toBeGreaterThan(points[k - 1].distance_m);
    const gdalHeights = valuesAt(
      dem,
      points.map((p: any) => [p.lon, p.lat]),
      true,
    );
    points.forEach((p: any, k: number) => {
      expect(Math.abs(p.height_m - gdalHeights[k])).toBeLessThanOrEqual(0.05);
    });
    // From the hills of 庄边 down to the plain by the district's seat.
    expect(points[0].height_m).toBeGreaterThan(300);
    expect(points.at(-1).height_m).toBeLessThan(40);
  });

  it.each([
    ['a line of one point', { line: [[119, 25.6]] }, 'line'],
    [
      'a point in the wrong order',
      {
        line: [
          [25.6, 119],
          [119, 25.6],
        ],
      },
      'line[0]',
    ],
    [
      'an unknown field',
      {
        line: [
          [119, 25.6],
          [119.1, 25.6],
        ],
        step: 5,
      },
      'step',
    ],
  ])('refuses %s, naming it', async (_name, body, field) => {
    const { status, body: problem } = await post('/terrain/profile', body);
    expect(status).toBe(400);
    expect(problem['invalid-params'].map((p: any) => p.name)).toContain(field);
  });

  it.each([['/terrain/dem'], ['/terrain/hillshade.png']])('keeps %s from the public', async (path) => {
    expect((await fetch(`${served.api.url}${path}`)).status).toBe(401);
  });
});
