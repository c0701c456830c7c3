import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layers } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { serve, type TestServer } from '../support/http.ts';

const gdal = existsSync('/usr/bin/ogrinfo');
if (!gdal) {
  const message = 'GDAL (gdal-bin) is not installed: the OGC API client test cannot run.';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!!!! ${message} !!!!!\n`);
}

// Asynchronous: the API answering GDAL runs in this same process.
const ogr = async (command: string, args: string[]) =>
  (
    await promisify(execFile)(command, args, {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GDAL_HTTP_TIMEOUT: '30' },
    })
  ).stdout;

describe.runIf(gdal)('GDAL reading the API as an OGC API – Features client', () => {
  let store: Store;
  let api: TestServer;
  beforeAll(async () => {
    store = await backends()[0].open();
    api = await serve(store);
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('lists every collection', async () => {
    const listing = await ogr('ogrinfo', ['-ro', '-q', `OAPIF:${api.url}`]);
    for (const layer of layers) expect(listing).toContain(`: ${layer.id} (title: ${layer.title.zh})`);
  });

  it.each(['shelters', 'broadcast_terminals', 'risk_zones', 'hazards'])(
    'reads every feature of %s through the paging links',
    async (id) => {
      const { body } = await api.get(`/collections/${id}/items?limit=1`);
      const out = await ogr('ogr2ogr', [
        '-f',
        'GeoJSON',
        '/vsistdout/',
        `OAPIF:${api.url}`,
        id,
        '-oo',
        'PAGE_SIZE=100',
      ]);
      const read = JSON.parse(out);
      expect(read.features.length).toBe(body.numberMatched);
      expect(new Set(read.features.map((f: any) => f.properties.id)).size).toBe(body.numberMatched);
    },
  );
});
