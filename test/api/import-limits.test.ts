import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../server/import/index.ts';
import { MAX_JSON_DEPTH } from '../../server/input/json-depth.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore, staff, type TestServer } from '../support/http.ts';

const MB = 1024 * 1024;
const run = promisify(execFile);

async function upload(api: TestServer, path: string, body: Buffer, type = 'text/csv') {
  const response = await fetch(api.url + path, {
    method: 'POST',
    headers: { 'content-type': type, ...staff },
    // Sent as it is: a copy of 50 MB in the test's own process would be time the server is blamed for.
    body: body as Uint8Array<ArrayBuffer>,
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : null,
  };
}

/**
 * The same upload from a process of its own, as a client on another machine would send it: sending
 * 50 MB from the test's process would take turns with the server it is measuring.
 */
async function uploadElsewhere(api: TestServer, path: string, body: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'onemap-upload-'));
  const file = join(dir, 'body');
  writeFileSync(file, body);
  const send = `const r = await fetch(process.argv[1], { method: 'POST', headers: JSON.parse(process.argv[2]),
    body: require('node:fs').readFileSync(process.argv[3]) });
    process.stdout.write(JSON.stringify({ status: r.status, type: r.headers.get('content-type'), body: await r.text() }));`;
  const headers = JSON.stringify({ 'content-type': 'text/csv', ...staff });
  try {
    const { stdout } = await run(process.execPath, [
      '-e',
      `(async () => { ${send} })()`,
      api.url + path,
      headers,
      file,
    ]);
    const reply = JSON.parse(stdout);
    return { ...reply, body: JSON.parse(reply.body) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One CSV line of `bytes` bytes, no line break anywhere: what froze the API for 24–54 s. */
function oneLine(bytes: number): Buffer {
  const cell = Buffer.from('涵江区避难场所,119.1,25.4,');
  const out = Buffer.alloc(bytes);
  for (let at = 0; at < bytes; at += cell.length) cell.copy(out, at);
  return out;
}

const SMALL = Buffer.from('名称,经度,纬度,编号\n工作线程测试,119.1,25.5,W-1\n');

const header = (columns: number) => Array.from({ length: columns }, (_, i) => `c${i}`).join(',');

/** Each case: a file, how the API must answer it, and what the reason must say. */
const REFUSED: Array<[string, () => Buffer, string, number, RegExp]> = [
  [
    '10⁵ columns',
    () => Buffer.from(`${header(100_000)}\n${'1,'.repeat(99_999)}1\n`),
    'text/csv',
    413,
    /100000 columns/,
  ],
  [
    `one line over ${LIMITS.lineBytes} bytes among short ones`,
    () =>
      Buffer.concat([Buffer.from('名称,经度,纬度\n'), oneLine(LIMITS.lineBytes + 1), Buffer.from('\n甲,119.1,25.4\n')]),
    'text/csv',
    413,
    /line 2 is longer than/,
  ],
  [
    `more than ${LIMITS.rows} rows`,
    () => Buffer.from(`名称,经度,纬度\n${'甲,119.1,25.4\n'.repeat(LIMITS.rows + 11)}`),
    'text/csv',
    413,
    new RegExp(`more than ${LIMITS.rows} rows`),
  ],
  [
    'GeoJSON nested 5,000 deep',
    () => Buffer.from(`{"type":"FeatureCollection","features":[${'['.repeat(5000)}${']'.repeat(5000)}]}`),
    'application/geo+json',
    400,
    new RegExp(`nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`),
  ],
];

describe.each(backends())('imports off the request path, on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  it('answers GET /conformance within a second while a 50 MB one-line CSV is read, then refuses the file', async () => {
    // Warm: the first request and the worker's start are not what is measured.
    expect((await served.api.get('/conformance')).status).toBe(200);
    expect((await upload(served.api, '/import/shelters?filename=small.csv&dry_run=true', SMALL)).status).toBe(200);
    const before = await storeDigest(served.store);
    let answered = false;
    const importing = uploadElsewhere(served.api, '/import/shelters?filename=big.csv', oneLine(50 * MB)).finally(() => {
      answered = true;
    });
    const latencies: number[] = [];
    while (!answered) {
      const start = performance.now();
      const reply = await served.api.get('/conformance');
      latencies.push(performance.now() - start);
      expect(reply.status).toBe(200);
    }
    const reply = await importing;
    expect(latencies.length).toBeGreaterThan(1);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(reply.status).toBe(413);
    expect(reply.type).toMatch(/application\/problem\+json/);
    expect(reply.body['invalid-params']).toEqual([{ name: 'file', reason: expect.stringMatching(/line 1 is longer/) }]);
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
  });

  it.each(REFUSED)(
    'refuses %s as problem+json naming the file, and writes nothing',
    async (_what, file, type, status, reason) => {
      const before = await storeDigest(served.store);
      const reply = await upload(served.api, '/import/shelters?filename=limits.csv', file(), type);
      expect(reply.status).toBe(status);
      expect(reply.type).toMatch(/application\/problem\+json/);
      expect(reply.body['invalid-params']).toEqual([{ name: 'file', reason: expect.stringMatching(reason) }]);
      expect((await storeDigest(served.store)).digest).toBe(before.digest);
    },
  );
});

/** Placemarks enough that parsing them needs several times the worker's 64 MB. */
function bigKml(placemarks: number): Buffer {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'];
  for (let i = 0; i < placemarks; i++) {
    parts.push(
      `<Placemark><name>避难场所${i}</name><ExtendedData><Data name="编号"><value>BN${i}</value></Data></ExtendedData>` +
        `<Point><coordinates>119.${i % 1000},25.${i % 777}</coordinates></Point></Placemark>`,
    );
  }
  parts.push('</Document></kml>');
  return Buffer.from(parts.join('\n'));
}

describe.each(backends())('an import worker that runs out of memory, on the $name backend', (backend) => {
  const served = servedStore(() => backend.open(), {
    imports: { workers: 1, queue: 2, memoryMb: 64, timeoutMs: 120_000 },
  });

  it('refuses the file with 413 and the reason, serves on, and reads the next file in a new worker', {
    timeout: 240_000,
  }, async () => {
    const before = await storeDigest(served.store);
    const reply = await upload(
      served.api,
      '/import/shelters?filename=big.kml',
      bigKml(50_000),
      'application/vnd.google-earth.kml+xml',
    );
    expect(reply.status).toBe(413);
    expect(reply.body['invalid-params']).toEqual([
      { name: 'file', reason: expect.stringMatching(/needs more than 64 MB of memory/) },
    ]);
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
    expect((await served.api.get('/conformance')).status).toBe(200);

    const next = await upload(served.api, '/import/shelters?filename=small.csv&dry_run=true', SMALL);
    expect(next.status).toBe(200);
    expect(next.body.rows).toEqual({ total: 1, ok: 1, withProblems: 0 });
  });
});
