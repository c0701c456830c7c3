import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';
import { INTERNAL_NAMES } from '../../server/layers/registry.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { serve, servedStore } from '../support/http.ts';

const varies = (headers: Headers) =>
  (headers.get('vary') ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .includes('authorization');

/** Readers whose answers differ: anonymous (public fields) and staff (internal ones too). */
const READERS = [
  ['anonymous', {}],
  ['staff', as('responder')],
] as const;

describe.each(backends())('what caches may keep, on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(served.api.url + path, { headers: { 'accept-encoding': 'identity', ...headers } });
  const firstDepot = async () =>
    (await (await get('/collections/depots/items?limit=1')).json()).features[0].id as string;

  // Whether the staff answer holds internal fields (contacts, stock): then no cache may store it at all.
  it.each([
    ['/', false],
    ['/collections', false],
    ['/collections/depots/items?limit=2', true],
    ['/collections/depots/queryables', false],
    ['/collections/depots/schema', false],
    ['/analysis/scorecard', false],
    ['/exports/depots.csv', true],
    ['/tiles/shelters.json', false],
    ['/publications', false],
    ['/nothing-here', false],
  ])(
    'keys the answer to %s on Authorization; a staff copy holding internal fields: %s, is never stored',
    async (path, internal) => {
      for (const [who, headers] of READERS) {
        const response = await get(path, { ...headers, accept: 'application/json' });
        await response.arrayBuffer();
        expect(varies(response.headers), `${who} ${path}`).toBe(true);
        if (who !== 'staff') continue;
        const cacheControl = response.headers.get('cache-control') ?? '';
        if (internal) expect(cacheControl).toBe('private, no-store');
        else expect(cacheControl).not.toMatch(/\bpublic\b/);
      }
    },
  );

  it('keeps no staff copy of a depot at all, and tells the two representations apart by their ETags', async () => {
    const path = `/collections/depots/items/${await firstDepot()}`;
    const staff = await get(path, as('responder'));
    const anonymous = await get(path);
    const staffBody = await staff.json();
    const anonymousBody = await anonymous.json();
    expect(Object.keys(staffBody.properties)).toEqual(expect.arrayContaining(['manager', 'phone', 'stock']));
    expect(Object.keys(anonymousBody.properties).filter((n) => INTERNAL_NAMES.has(n))).toEqual([]);

    expect(staff.headers.get('cache-control')).toBe('private, no-store');
    const revision = staffBody.properties.revision;
    expect(staff.headers.get('etag')).toBe(`"${revision}"`);
    expect(anonymous.headers.get('etag')).toBe(`"${revision}-public"`);

    // A browser revalidating its staff copy for an anonymous reader is sent the public one, not a 304.
    // (As a browser's own revalidation does, and unlike fetch with its own If-None-Match, no no-cache.)
    const revalidate = (etag: string | null) => ({ 'if-none-match': etag as string, 'cache-control': 'max-age=0' });
    const revalidated = await get(path, revalidate(staff.headers.get('etag')));
    expect(revalidated.status).toBe(200);
    expect(Object.keys((await revalidated.json()).properties).filter((n) => INTERNAL_NAMES.has(n))).toEqual([]);
    const unchanged = await get(path, revalidate(anonymous.headers.get('etag')));
    expect(unchanged.status).toBe(304);
    const staffRevalidated = await get(path, { ...as('responder'), ...revalidate(anonymous.headers.get('etag')) });
    expect(staffRevalidated.status).toBe(200);
    expect(Object.keys((await staffRevalidated.json()).properties)).toContain('manager');

    // The public copy's ETag is no precondition for a write: the writer is told to read it signed in.
    const write = await fetch(served.api.url + path, {
      method: 'PATCH',
      headers: {
        ...as('planner'),
        'content-type': 'application/merge-patch+json',
        'if-match': anonymous.headers.get('etag') as string,
      },
      body: JSON.stringify({ properties: { name: '改名' } }),
    });
    expect(write.status).toBe(400);
    expect((await write.json())['invalid-params'][0]).toMatchObject({ name: 'If-Match' });
    expect((await (await get(path)).json()).properties.name).toBe(anonymousBody.properties.name);
  });

  it('lets a browser on another site read nothing by default, and its own pages everything', async () => {
    const foreign = { origin: 'https://evil.example' };
    const closed = await get('/collections/depots/items?limit=1', { ...foreign, ...as('responder') });
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${served.api.url}/collections/depots/items`, {
      method: 'OPTIONS',
      headers: {
        ...foreign,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    // The API's own pages send their origin too, and are served: same-origin requests need no CORS.
    const own = await get('/collections/depots/items?limit=1', { origin: served.api.url });
    expect(own.status).toBe(200);
  });

  it.each([
    ['*', 'https://evil.example', '*'],
    [['https://map.example.gov.cn'], 'https://map.example.gov.cn', 'https://map.example.gov.cn'],
    [['https://map.example.gov.cn'], 'https://evil.example', null],
  ] as Array<[string[] | '*', string, string | null]>)(
    'configured with the origins %j, answers a browser on %s with Access-Control-Allow-Origin %j',
    async (corsOrigins, origin, allowed) => {
      const open = await serve(served.store, { corsOrigins });
      try {
        const response = await fetch(`${open.url}/collections`, { headers: { origin } });
        expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
      } finally {
        await open.close();
      }
    },
  );
});

describe('ONEMAP_CORS_ORIGINS', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['*', '*'],
    ['https://a.example.gov.cn, https://b.example.gov.cn', ['https://a.example.gov.cn', 'https://b.example.gov.cn']],
  ])('%j allows %j', (value, expected) => {
    expect(configFromEnv({ ONEMAP_CORS_ORIGINS: value }).app.corsOrigins).toEqual(expected);
  });
});
