import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore, staff } from '../support/http.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));

describe.each(backends())('POST /import/{layer} on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  async function upload(
    path: string,
    body: Buffer | string,
    headers: Record<string, string> = staff,
    type = 'application/octet-stream',
  ) {
    const response = await fetch(served.api.url + path, {
      method: 'POST',
      headers: { 'content-type': type, ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : null,
    };
  }

  /** Asserts the served.store is as it was after `work`, whatever `work` answered. */
  async function unchanged<T>(work: () => Promise<T>): Promise<T> {
    const before = await storeDigest(served.store);
    const result = await work();
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
    return result;
  }

  it('is for staff only', async () => {
    const reply = await unchanged(() =>
      upload('/import/shelters?filename=s.zip', fixture('shelters-4549-gbk.zip'), {}),
    );
    expect(reply.status).toBe(401);
    expect(reply.type).toMatch(/application\/problem\+json/);
  });

  it('answers a dry run with the report and writes nothing', async () => {
    const reply = await unchanged(() =>
      upload('/import/shelters?filename=shelters-4549-gbk.zip&dry_run=true', fixture('shelters-4549-gbk.zip')),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      layer: 'shelters',
      format: 'shapefile',
      crs: { code: 'EPSG:4549' },
      rows: { total: 11, ok: 11, withProblems: 0 },
      result: { written: false, dryRun: true, created: 11 },
    });
  });

  it('imports a zipped shapefile, then updates rather than duplicates on a second upload', async () => {
    const first = await upload('/import/shelters?filename=shelters-4549-gbk.zip', fixture('shelters-4549-gbk.zip'));
    expect(first.status).toBe(200);
    expect(first.body.result).toMatchObject({ written: true, created: 11 });
    const second = await unchanged(() =>
      upload('/import/shelters?filename=shelters-4549-gbk.zip', fixture('shelters-4549-gbk.zip')),
    );
    expect(second.body.result).toMatchObject({ written: true, created: 0, unchanged: 11 });
    const { body } = await served.api.get('/collections/shelters/items?source=shelters-4549-gbk.zip&limit=100', staff);
    expect(body.numberMatched).toBe(11);
  });

  it('takes the options as query parameters: survey-order X/Y in a given CRS', async () => {
    const reply = await upload(
      '/import/shelters?filename=survey.csv&crs=EPSG:4549&source=survey&dry_run=true',
      fixture('shelters-survey.csv'),
      staff,
      'text/csv',
    );
    expect(reply.status).toBe(200);
    expect(reply.body.crs.code).toBe('EPSG:4549');
    expect(reply.body.decisions.join('\n')).toMatch(/survey order/);
    expect(reply.body.identity.source).toMatch(/"survey", as given/);
  });

  it('takes GeoJSON sent as GeoJSON', async () => {
    const reply = await upload(
      '/import/shelters?filename=s.geojson&dry_run=true',
      fixture('shelters-source.geojson'),
      staff,
      'application/geo+json',
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ format: 'geojson', rows: { ok: 11 } });
  });

  it('refuses a file with bad rows as a whole: 422, each row and column named, nothing written', async () => {
    const reply = await unchanged(() => upload('/import/shelters?filename=bad.csv', fixture('shelters-bad-rows.csv')));
    expect(reply.status).toBe(422);
    expect(reply.type).toMatch(/application\/problem\+json/);
    expect(reply.body['invalid-params']).toContainEqual({ name: 'row 4: 容纳人数', reason: '"abc" is not a number' });
    expect(reply.body['invalid-params']).toHaveLength(7);
    expect(reply.body.report.rows).toEqual({ total: 12, ok: 5, withProblems: 7 });
  });

  it('writes the good rows with skip_bad', async () => {
    const reply = await upload('/import/shelters?filename=bad.csv&skip_bad=true', fixture('shelters-bad-rows.csv'));
    expect(reply.status).toBe(200);
    expect(reply.body.result).toMatchObject({ written: true, created: 5, skipped: 7 });
  });

  it.each([
    ['bomb.zip', /zip bomb/],
    ['truncated.zip', /truncated/],
    ['traversal.zip', /path traversal/],
    ['entity.kml', /XML entities/],
    ['wrong-encoding.csv', /not UTF-8 or GBK/],
    ['no-coordinates.csv', /no coordinates/],
  ])('refuses %s as problem+json naming the file, and writes nothing', async (name, reason) => {
    const reply = await unchanged(() => upload(`/import/shelters?filename=${name}`, fixture(name)));
    expect(reply.status).toBe(400);
    expect(reply.type).toMatch(/application\/problem\+json/);
    expect(reply.body['invalid-params']).toEqual([{ name: 'file', reason: expect.stringMatching(reason) }]);
  });

  it.each([
    ['/import/shelters?filename=a.csv&speed=fast', 400, 'speed'],
    ['/import/shelters?filename=a.csv&dry_run=yes', 400, 'dry_run'],
    ['/import/shelters?filename=a.csv&gcj02=true&bd09=true', 400, 'bd09'],
    ['/import/shelters?filename=a.csv&crs=EPSG:9999', 400, 'crs'],
    ['/import/shelters?filename=a.csv&map=%E5%90%8D%E7%A7%B0', 400, 'map'],
    ['/import/bunkers?filename=a.csv', 404, 'layer'],
  ])('answers %s with %i naming %s in invalid-params, and writes nothing', async (path, status, name) => {
    const reply = await unchanged(() => upload(path, fixture('shelters-gbk.csv')));
    expect(reply.status).toBe(status);
    expect(reply.body['invalid-params'][0].name).toBe(name);
  });
});
