import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../catalog/roles.ts';
import { MAX_JSON_DEPTH } from '../../server/input/json-depth.ts';
import { findLayer, type LayerDef } from '../../server/layers/registry.ts';
import { DuplicateFeature, InvalidValue } from '../../server/store/errors.ts';
import type { Store } from '../../server/store/index.ts';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { serve, type TestServer } from '../support/http.ts';

/**
 * Input that passes a careless validator but that the database refuses (or that means mischief):
 * every one must get a 4xx naming the field, never a 500, and leave the store as it was. One app
 * per backend answers the whole table; the store's digest is taken before the first row and after
 * the last.
 */

const SEAT: [number, number] = [119.12, 25.46];
const INT4_MAX = 2_147_483_647;

/** What the database refuses, or what would show a name as something else, in any free text. */
const HOSTILE_TEXT: Array<[string, string]> = [
  ['a NUL', 'a\u0000b'],
  ['a lone high surrogate', '避难\ud800场所'],
  ['a lone low surrogate', '\udc00避难场所'],
  ['a right-to-left override', '避难场所\u202Eexe.txt'],
  ['a left-to-right embedding', '\u202A避难场所'],
  ['a pop of directional formatting', '避难场所\u202C'],
  ['a first-strong isolate', '\u2068避难场所\u2069'],
  ['a right-to-left isolate', '\u2067避难场所'],
  ['an escape sequence', '\u001b[31m避难场所'],
  ['a DEL', '避难\u007f场所'],
  ['a C1 control (NEL)', '避难\u0085场所'],
];

const shelter = (properties: Record<string, unknown> = {}, coordinates: unknown = SEAT) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties: { name: '测试避难场所', grade: 'B', kind: 'emergency', capacity: 300, status: 'open', ...properties },
});

const square = (x: number, y: number, d = 0.01, z?: number) => {
  const at = (px: number, py: number) => (z === undefined ? [px, py] : [px, py, z]);
  return [[at(x, y), at(x + d, y), at(x + d, y + d), at(x, y + d), at(x, y)]];
};

const zone = (geometry: unknown, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry,
  properties: { name: '测试风险区', level: 2, hazard_type: 'flood', ...properties },
});

const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

/** JSON text with `"__RAW__"` replaced by what JSON.stringify cannot write (1e400, which parses to Infinity). */
const withRaw = (value: unknown, raw: string) => JSON.stringify(value).replace('"__RAW__"', raw);

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** A feature whose address is an array nested `depth` deep. */
const deepInFeature = (depth: number) => withRaw(shelter({ address: '__RAW__' }), deepArray(depth));

interface Ids {
  shelter: string;
  shelterEtag: string;
  capacity: number;
  depot: string;
  depotEtag: string;
  zone: string;
  zoneEtag: string;
}

type Dynamic<T> = T | ((ids: Ids) => T);

interface Hostile {
  name: string;
  method: string;
  path: Dynamic<string>;
  /** An object goes as JSON; a string or bytes as they are. */
  body?: Dynamic<unknown>;
  type?: string;
  ifMatch?: Dynamic<string>;
  /** Who sends it; anonymous when null. */
  role?: Role | null;
  status: number;
  /** Named in invalid-params: exactly, or as the start of a longer path, or as the column of an import row. */
  field?: string;
}

const items = '/collections/shelters/items';
const one = (ids: Ids) => `${items}/${ids.shelter}`;
const stockOf = (item: string) => (ids: Ids) => `/collections/depots/items/${ids.depot}/stock/${item}`;
const shelterAt = (ids: Ids) => ids.shelterEtag;
const depotAt = (ids: Ids) => ids.depotEtag;
const PATCH = 'application/merge-patch+json';
const csv = (rows: string[]) => ['名称,经度,纬度,容纳人数,剩余容量,地址', ...rows].join('\n');

/** Free text through every door that takes it. */
function hostileTextCases(): Hostile[] {
  return HOSTILE_TEXT.flatMap(([what, text]): Hostile[] => [
    {
      name: `POST: ${what} in a name`,
      method: 'POST',
      path: items,
      body: shelter({ name: text }),
      status: 400,
      field: 'properties.name',
    },
    {
      name: `POST: ${what} in an address`,
      method: 'POST',
      path: items,
      body: shelter({ address: text }),
      status: 400,
      field: 'properties.address',
    },
    {
      name: `PATCH: ${what} in an address`,
      method: 'PATCH',
      path: one,
      body: { properties: { address: text } },
      type: PATCH,
      ifMatch: shelterAt,
      status: 400,
      field: 'properties.address',
    },
    {
      name: `bulk: ${what} in the second feature's contact`,
      method: 'POST',
      path: items,
      body: collection(shelter(), shelter({ contact_person: text })),
      status: 400,
      field: 'features[1].properties.contact_person',
    },
    {
      name: `stock: ${what} in a unit`,
      method: 'PUT',
      path: stockOf(encodeURIComponent('帐篷')),
      body: { quantity: 1, unit: text },
      type: 'application/json',
      ifMatch: depotAt,
      role: 'responder',
      status: 400,
      field: 'unit',
    },
    {
      name: `/users: ${what} in a display name`,
      method: 'POST',
      path: '/users',
      body: { username: 'hostile', display_name: text, role: 'planner', password: 'long-enough-password' },
      type: 'application/json',
      role: 'admin',
      status: 400,
      field: 'display_name',
    },
    {
      name: `import: ${what} in a GeoJSON feature's name`,
      method: 'POST',
      path: '/import/shelters?filename=hostile.geojson',
      body: JSON.stringify(collection(shelter({ name: text }))),
      type: 'application/octet-stream',
      status: 422,
      field: 'name',
    },
    {
      name: `analysis: ${what} in a proposed shelter's name`,
      method: 'POST',
      path: '/analysis/coverage/shelters',
      body: { proposed: { shelters: collection(shelter({ name: text })) } },
      type: 'application/json',
      role: null,
      status: 400,
      field: 'proposed.shelters.features[0].properties.name',
    },
  ]);
}

/** Text that a URL can carry (no lone surrogates: they are not UTF-8) in filters, exports and options. */
const URL_TEXT: Array<[string, string]> = [
  ['a NUL', 'a%00b'],
  ['a right-to-left override', '%E2%80%AEabc'],
  ['a right-to-left isolate', '%E2%81%A7abc'],
  ['an escape', '%1B%5B31m'],
  ['a C1 control', 'a%C2%85b'],
];

function hostileQueryCases(): Hostile[] {
  return URL_TEXT.flatMap(([what, text]): Hostile[] => [
    {
      name: `anonymous items filter: ${what} in name`,
      method: 'GET',
      path: `${items}?name=${text}`,
      role: null,
      status: 400,
      field: 'name',
    },
    {
      name: `staff items filter: ${what} in a depot's item`,
      method: 'GET',
      path: `/collections/depots/items?item=${text}`,
      status: 400,
      field: 'item',
    },
    {
      name: `anonymous GeoJSON export: ${what} in name`,
      method: 'GET',
      path: `/exports/shelters.geojson?name=${text}`,
      role: null,
      status: 400,
      field: 'name',
    },
    {
      name: `CSV export: ${what} in township`,
      method: 'GET',
      path: `/exports/shelters.csv?township=${text}`,
      role: null,
      status: 400,
      field: 'township',
    },
    {
      name: `audit: ${what} in user`,
      method: 'GET',
      path: `/audit?user=${text}`,
      role: 'admin',
      status: 400,
      field: 'user',
    },
    {
      name: `import: ${what} in the source option`,
      method: 'POST',
      path: `/import/shelters?filename=s.csv&source=${text}`,
      body: csv(['避难所甲,119.12,25.46,300,100,某路']),
      type: 'text/csv',
      status: 400,
      field: 'source',
    },
    {
      name: `import: ${what} in the map option`,
      method: 'POST',
      path: `/import/shelters?filename=s.csv&map=${text}=name`,
      body: csv(['避难所甲,119.12,25.46,300,100,某路']),
      type: 'text/csv',
      status: 400,
      field: 'map',
    },
  ]);
}

const tooBig = [3_000_000_000, INT4_MAX + 1, -(INT4_MAX + 2), 2 ** 53 + 2, 1e20];

function numberCases(): Hostile[] {
  const rows: Hostile[] = tooBig.flatMap((value): Hostile[] => [
    {
      name: `POST: capacity ${value}`,
      method: 'POST',
      path: items,
      body: shelter({ capacity: value }),
      status: 400,
      field: 'properties.capacity',
    },
    {
      name: `PUT: capacity ${value}`,
      method: 'PUT',
      path: one,
      body: shelter({ capacity: value }),
      ifMatch: shelterAt,
      status: 400,
      field: 'properties.capacity',
    },
    {
      name: `PATCH: free places ${value}, as a responder`,
      method: 'PATCH',
      path: one,
      body: { properties: { free_places: value } },
      type: PATCH,
      ifMatch: shelterAt,
      role: 'responder',
      status: 400,
      field: 'properties.free_places',
    },
    {
      name: `bulk: capacity ${value} in the third feature`,
      method: 'POST',
      path: items,
      body: collection(shelter(), shelter(), shelter({ capacity: value })),
      status: 400,
      field: 'features[2].properties.capacity',
    },
  ]);
  const integerFields: Array<[string, string, Record<string, unknown>, unknown]> = [
    ['teams', 'members', { name: '测试队', kind: 'social' }, SEAT],
    ['fire_stations', 'staff', { name: '测试站', kind: 'micro' }, SEAT],
    ['protected_targets', 'people', { name: '测试学校', kind: 'school' }, SEAT],
    ['hazards', 'threatened_people', { name: '测试隐患点', kind: 'landslide' }, SEAT],
    ['population', 'residents', { name: '测试村' }, SEAT],
  ];
  for (const [layer, field, properties, coordinates] of integerFields) {
    rows.push({
      name: `POST ${layer}: ${field} 3,000,000,000`,
      method: 'POST',
      path: `/collections/${layer}/items`,
      body: { type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { ...properties, [field]: 3e9 } },
      status: 400,
      field: `properties.${field}`,
    });
  }
  rows.push(
    {
      name: 'POST: a capacity of 1.5',
      method: 'POST',
      path: items,
      body: shelter({ capacity: 1.5 }),
      status: 400,
      field: 'properties.capacity',
    },
    {
      name: 'POST: capacity 1e400 (Infinity)',
      method: 'POST',
      path: items,
      body: withRaw(shelter({ capacity: '__RAW__' }), '1e400'),
      status: 400,
      field: 'properties.capacity',
    },
    {
      name: 'POST: effective area -1e400',
      method: 'POST',
      path: items,
      body: withRaw(shelter({ effective_area_m2: '__RAW__' }), '-1e400'),
      status: 400,
      field: 'properties.effective_area_m2',
    },
    {
      name: 'POST: a longitude of 1e400',
      method: 'POST',
      path: items,
      body: withRaw(shelter({}, '__RAW__'), '[1e400, 25.46]'),
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'stock: a quantity of 1e400',
      method: 'PUT',
      path: stockOf(encodeURIComponent('帐篷')),
      body: '{"quantity": 1e400, "unit": "顶"}',
      type: 'application/json',
      ifMatch: depotAt,
      status: 400,
      field: 'quantity',
    },
    {
      name: 'stock: expiry on 30 February',
      method: 'PUT',
      path: stockOf(encodeURIComponent('帐篷')),
      body: { quantity: 1, unit: '顶', expires_on: '2026-02-30' },
      type: 'application/json',
      ifMatch: depotAt,
      status: 400,
      field: 'expires_on',
    },
    {
      name: 'import: capacity 3,000,000,000 in a CSV row',
      method: 'POST',
      path: '/import/shelters?filename=s.csv',
      body: csv(['避难所甲,119.12,25.46,3000000000,,某路']),
      type: 'text/csv',
      status: 422,
      field: '容纳人数',
    },
    {
      name: 'analysis: a proposed shelter for 3,000,000,000',
      method: 'POST',
      path: '/analysis/scorecard',
      body: { proposed: { shelters: collection(shelter({ capacity: 3e9 })) } },
      type: 'application/json',
      role: null,
      status: 400,
      field: 'proposed.shelters.features[0].properties.capacity',
    },
    {
      name: 'filter: a level of ten digits',
      method: 'GET',
      path: '/collections/risk_zones/items?level=2147483648',
      role: null,
      status: 400,
      field: 'level',
    },
    {
      name: 'filter: a date that rolls over',
      method: 'GET',
      path: '/collections/hazards/items?found_on=2026-02-30',
      status: 400,
      field: 'found_on',
    },
    {
      name: 'audit: an offset past int4',
      method: 'GET',
      path: '/audit?offset=100000000000000000000',
      role: 'admin',
      status: 400,
      field: 'offset',
    },
  );
  return rows;
}

function threeDimensionCases(): Hostile[] {
  const z3: [number, number, number] = [...SEAT, 12.5];
  return [
    {
      name: 'POST: a point with a height',
      method: 'POST',
      path: items,
      body: shelter({}, z3),
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'POST: a point with four numbers',
      method: 'POST',
      path: items,
      body: shelter({}, [...z3, 1]),
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'PUT: a point with a height',
      method: 'PUT',
      path: one,
      body: shelter({}, z3),
      ifMatch: shelterAt,
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'PATCH: moved to a point with a height',
      method: 'PATCH',
      path: one,
      body: { geometry: { type: 'Point', coordinates: z3 } },
      type: PATCH,
      ifMatch: shelterAt,
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'bulk: the second point with a height',
      method: 'POST',
      path: items,
      body: collection(shelter(), shelter({}, z3)),
      status: 400,
      field: 'features[1].geometry.coordinates',
    },
    {
      name: 'POST: a risk zone with heights',
      method: 'POST',
      path: '/collections/risk_zones/items',
      body: zone({ type: 'Polygon', coordinates: square(119.1, 25.45, 0.01, 5) }),
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'POST: a forest multipolygon with heights',
      method: 'POST',
      path: '/collections/forest_areas/items',
      body: {
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: [square(119.1, 25.45, 0.01, 5)] },
        properties: { name: '测试林区', kind: 'forest' },
      },
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'POST: a hazard line with heights',
      method: 'POST',
      path: '/collections/hazards/items',
      body: {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [z3, [119.13, 25.47, 3]] },
        properties: { name: '测试堤段', kind: 'embankment' },
      },
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'PATCH: a risk zone reshaped with heights',
      method: 'PATCH',
      path: (ids) => `/collections/risk_zones/items/${ids.zone}`,
      body: { geometry: { type: 'Polygon', coordinates: square(119.1, 25.45, 0.01, 5) } },
      type: PATCH,
      ifMatch: (ids) => ids.zoneEtag,
      status: 400,
      field: 'geometry.coordinates',
    },
    {
      name: 'analysis: a proposed shelter with a height',
      method: 'POST',
      path: '/analysis/coverage/shelters',
      body: { proposed: { shelters: collection(shelter({}, z3)) } },
      type: 'application/json',
      role: null,
      status: 400,
      field: 'proposed.shelters.features[0].geometry.coordinates',
    },
  ];
}

function deepCases(): Hostile[] {
  const json = 'application/json';
  return [
    {
      name: 'POST: an array 5,000 deep',
      method: 'POST',
      path: items,
      body: deepArray(5000),
      status: 400,
      field: 'body',
    },
    {
      name: 'POST: an object 5,000 deep',
      method: 'POST',
      path: items,
      body: deepObject(5000),
      status: 400,
      field: 'body',
    },
    {
      name: `POST: an array one past the limit (${MAX_JSON_DEPTH + 1})`,
      method: 'POST',
      path: items,
      body: deepArray(MAX_JSON_DEPTH + 1),
      status: 400,
      field: 'body',
    },
    {
      name: 'POST: an address nested 5,000 deep',
      method: 'POST',
      path: items,
      body: deepInFeature(5000),
      status: 400,
      field: 'body',
    },
    {
      name: 'POST: links nested 40 deep',
      method: 'POST',
      path: items,
      body: withRaw({ ...shelter(), links: '__RAW__' }, deepArray(40)),
      status: 400,
      field: 'body',
    },
    {
      name: 'PUT: an object 5,000 deep',
      method: 'PUT',
      path: one,
      body: deepObject(5000),
      ifMatch: shelterAt,
      status: 400,
      field: 'body',
    },
    {
      name: 'PATCH: an object 5,000 deep',
      method: 'PATCH',
      path: one,
      body: deepObject(5000),
      type: PATCH,
      ifMatch: shelterAt,
      status: 400,
      field: 'body',
    },
    {
      name: 'PATCH: properties nested 5,000 deep',
      method: 'PATCH',
      path: one,
      body: `{"properties": ${deepObject(5000)}}`,
      type: PATCH,
      ifMatch: shelterAt,
      status: 400,
      field: 'body',
    },
    {
      name: 'bulk: features nested 5,000 deep',
      method: 'POST',
      path: items,
      body: `{"type": "FeatureCollection", "features": ${deepArray(5000)}}`,
      status: 400,
      field: 'body',
    },
    {
      name: 'stock: a body 5,000 deep',
      method: 'PUT',
      path: stockOf(encodeURIComponent('帐篷')),
      body: deepObject(5000),
      type: json,
      ifMatch: depotAt,
      status: 400,
      field: 'body',
    },
    {
      name: '/users: a body 5,000 deep',
      method: 'POST',
      path: '/users',
      body: deepArray(5000),
      type: json,
      role: 'admin',
      status: 400,
      field: 'body',
    },
    {
      name: '/users PATCH: a body 5,000 deep',
      method: 'PATCH',
      path: '/users/planner',
      body: deepObject(5000),
      type: json,
      role: 'admin',
      status: 400,
      field: 'body',
    },
    {
      name: 'sign-in: a body 5,000 deep',
      method: 'POST',
      path: '/auth/sign-in',
      body: deepObject(5000),
      type: json,
      role: null,
      status: 400,
      field: 'body',
    },
    {
      name: 'analysis: nearest 5,000 deep',
      method: 'POST',
      path: '/analysis/nearest',
      body: deepArray(5000),
      type: json,
      role: null,
      status: 400,
      field: 'body',
    },
    {
      name: 'analysis: a proposal 5,000 deep',
      method: 'POST',
      path: '/analysis/exposure',
      body: `{"proposed": ${deepObject(5000)}}`,
      type: json,
      role: null,
      status: 400,
      field: 'body',
    },
    {
      name: 'publications: a body 5,000 deep',
      method: 'POST',
      path: '/publications',
      body: deepArray(5000),
      type: json,
      role: 'publisher',
      status: 400,
      field: 'body',
    },
    {
      name: 'import: GeoJSON sent as JSON, 5,000 deep',
      method: 'POST',
      path: '/import/shelters?filename=x.geojson',
      body: deepArray(5000),
      type: json,
      status: 400,
      field: 'file',
    },
    {
      name: 'import: a GeoJSON file 5,000 deep',
      method: 'POST',
      path: '/import/shelters?filename=x.geojson',
      body: `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": ${deepArray(5000)}}}]}`,
      type: 'application/octet-stream',
      status: 400,
      field: 'file',
    },
  ];
}

function mergePatchCases(): Hostile[] {
  const patch = (name: string, body: string, field: string, role: Role = 'planner'): Hostile => ({
    name,
    method: 'PATCH',
    path: one,
    body,
    type: PATCH,
    ifMatch: shelterAt,
    role,
    status: 400,
    field,
  });
  return [
    patch('PATCH: __proto__ at the top', '{"__proto__": {"properties": {"capacity": 1}}}', '__proto__'),
    patch('PATCH: __proto__ in properties', '{"properties": {"__proto__": {"capacity": 1}}}', 'properties.__proto__'),
    patch('PATCH: __proto__ in geometry', '{"geometry": {"__proto__": {"type": "Point"}}}', 'geometry.__proto__'),
    patch(
      'PATCH: constructor in properties',
      '{"properties": {"constructor": {"prototype": {"x": 1}}}}',
      'properties.constructor',
    ),
    patch('PATCH: prototype in properties', '{"properties": {"prototype": 1}}', 'properties.prototype'),
    patch('PATCH: constructor at the top', '{"constructor": null}', 'constructor'),
    patch(
      'PATCH: a responder sends __proto__',
      '{"properties": {"__proto__": {"free_places": 1}}}',
      'properties.__proto__',
      'responder',
    ),
    patch('PATCH: __proto__ with a null', '{"properties": {"__proto__": null}}', 'properties.__proto__'),
    {
      name: 'POST: __proto__ in properties',
      method: 'POST',
      path: items,
      body: '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [119.12, 25.46]}, "properties": {"name": "x", "__proto__": {"capacity": 1}}}',
      status: 400,
      field: 'properties.__proto__',
    },
    {
      name: '/users PATCH: __proto__',
      method: 'PATCH',
      path: '/users/planner',
      body: '{"__proto__": {"role": "admin"}}',
      type: PATCH,
      role: 'admin',
      status: 400,
      field: '__proto__',
    },
  ];
}

function stockCases(): Hostile[] {
  const put = (name: string, item: string, field = 'item', body: unknown = { quantity: 1, unit: '顶' }): Hostile => ({
    name,
    method: 'PUT',
    path: stockOf(item),
    body,
    type: 'application/json',
    ifMatch: depotAt,
    role: 'responder',
    status: 400,
    field,
  });
  return [
    put('stock: a truncated escape in the item', '%E0%A4%A'),
    put('stock: an escape that is no hex', '%ZZ'),
    put('stock: a bare percent sign', '100%'),
    put('stock: a surrogate encoded as bytes', '%ED%A0%80'),
    put('stock: a NUL in the item', 'a%00b'),
    put('stock: markup in the item', encodeURIComponent('<img src=x onerror=alert(1)>')),
    put('stock: a right-to-left override in the item', encodeURIComponent('帐篷\u202Etxt')),
    put('stock: an isolate in the item', encodeURIComponent('\u2066帐篷\u2069')),
    put('stock: a statement separator in the item', encodeURIComponent('帐篷; DROP TABLE depots')),
    put('stock: a comment in the item', encodeURIComponent('帐篷/*')),
    put('stock: markup in the unit', encodeURIComponent('帐篷'), 'unit', { quantity: 1, unit: '<b>顶</b>' }),
    put('stock: a quote in the unit', encodeURIComponent('帐篷'), 'unit', { quantity: 1, unit: '"顶' }),
    put('stock: an override in the unit', encodeURIComponent('帐篷'), 'unit', { quantity: 1, unit: '\u202E顶' }),
    {
      name: 'stock: DELETE with a truncated escape',
      method: 'DELETE',
      path: stockOf('%E0%A4%A'),
      ifMatch: depotAt,
      role: 'responder',
      status: 400,
      field: 'item',
    },
    {
      name: 'depot PUT: markup in a stock item',
      method: 'PUT',
      path: (ids) => `/collections/depots/items/${ids.depot}`,
      body: {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: SEAT },
        properties: { name: '测试储备库', stock: [{ item: '<script>', quantity: 1, unit: '顶' }] },
      },
      ifMatch: depotAt,
      status: 400,
      field: 'properties.stock[0].item',
    },
    {
      name: 'depot POST: a NUL in a stock unit',
      method: 'POST',
      path: '/collections/depots/items',
      body: {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: SEAT },
        properties: { name: '测试储备库', stock: [{ item: '帐篷', quantity: 1, unit: '顶\u0000' }] },
      },
      status: 400,
      field: 'properties.stock[0].unit',
    },
    {
      name: 'depot POST: a lone surrogate in a stock item',
      method: 'POST',
      path: '/collections/depots/items',
      body: {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: SEAT },
        properties: { name: '测试储备库', stock: [{ item: '帐\ud800', quantity: 1, unit: '顶' }] },
      },
      status: 400,
      field: 'properties.stock[0].item',
    },
    {
      name: 'a bad escape in a feature id',
      method: 'GET',
      path: `${items}/%E0%A4%A`,
      role: null,
      status: 400,
      field: 'path',
    },
  ];
}

function freePlacesCases(): Hostile[] {
  return [
    {
      name: 'POST: more free places than capacity',
      method: 'POST',
      path: items,
      body: shelter({ capacity: 100, free_places: 101 }),
      status: 400,
      field: 'properties.free_places',
    },
    {
      name: 'PUT: more free places than capacity',
      method: 'PUT',
      path: one,
      body: shelter({ capacity: 0, free_places: 1 }),
      ifMatch: shelterAt,
      status: 400,
      field: 'properties.free_places',
    },
    {
      name: 'PATCH: capacity and free places together',
      method: 'PATCH',
      path: one,
      body: { properties: { capacity: 10, free_places: 11 } },
      type: PATCH,
      ifMatch: shelterAt,
      status: 400,
      field: 'properties.free_places',
    },
    {
      name: 'PATCH: a responder sets free places past the stored capacity',
      method: 'PATCH',
      path: one,
      body: (ids: Ids) => ({ properties: { free_places: ids.capacity + 1 } }),
      type: PATCH,
      ifMatch: shelterAt,
      role: 'responder',
      status: 400,
      field: 'properties.free_places',
    },
    {
      name: 'PATCH: capacity lowered below the free places',
      method: 'PATCH',
      path: one,
      body: { properties: { capacity: 5, free_places: 50 } },
      type: PATCH,
      ifMatch: shelterAt,
      status: 400,
      field: 'properties.free_places',
    },
    {
      name: 'bulk: the second feature over capacity',
      method: 'POST',
      path: items,
      body: collection(shelter(), shelter({ capacity: 10, free_places: 20 })),
      status: 400,
      field: 'features[1].properties.free_places',
    },
    {
      name: 'import: a CSV row over capacity',
      method: 'POST',
      path: '/import/shelters?filename=s.csv',
      body: csv(['避难所甲,119.12,25.46,300,400,某路']),
      type: 'text/csv',
      status: 422,
      field: '剩余容量',
    },
    {
      name: 'analysis: a proposed shelter over capacity',
      method: 'POST',
      path: '/analysis/coverage/shelters',
      body: { proposed: { shelters: collection(shelter({ capacity: 10, free_places: 11 })) } },
      type: 'application/json',
      role: null,
      status: 400,
      field: 'proposed.shelters.features[0].properties.free_places',
    },
  ];
}

/** The remaining doors: accounts, sign-in, publications, imports in other encodings. */
function otherDoorCases(): Hostile[] {
  const json = 'application/json';
  const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return [
    {
      name: 'sign-in: a NUL in the user name',
      method: 'POST',
      path: '/auth/sign-in',
      body: { username: 'ad\u0000min', password: 'x' },
      type: json,
      role: null,
      status: 400,
      field: 'username',
    },
    {
      name: 'sign-in: a lone surrogate in the user name',
      method: 'POST',
      path: '/auth/sign-in',
      body: { username: '\ud800', password: 'x' },
      type: json,
      role: null,
      status: 400,
      field: 'username',
    },
    {
      name: 'sign-in: an override in the user name',
      method: 'POST',
      path: '/auth/sign-in',
      body: { username: '\u202Enimda', password: 'x' },
      type: json,
      role: null,
      status: 400,
      field: 'username',
    },
    {
      name: 'sign-in: a NUL in the password of nobody',
      method: 'POST',
      path: '/auth/sign-in',
      body: { username: 'nobody', password: '\u0000' },
      type: json,
      role: null,
      status: 401,
    },
    {
      name: 'sign-in: __proto__ beside the credentials',
      method: 'POST',
      path: '/auth/sign-in',
      body: '{"username": "nobody", "password": "x", "__proto__": {"role": "admin"}}',
      type: json,
      role: null,
      status: 400,
      field: '__proto__',
    },
    {
      name: '/users: a NUL in the password',
      method: 'POST',
      path: '/users',
      body: { username: 'hostile', display_name: '测试', role: 'planner', password: 'long-enough\u0000password' },
      type: json,
      role: 'admin',
      status: 400,
      field: 'password',
    },
    {
      name: '/users: a lone surrogate in the password',
      method: 'POST',
      path: '/users',
      body: { username: 'hostile', display_name: '测试', role: 'planner', password: 'long-enough-\udbffpassword' },
      type: json,
      role: 'admin',
      status: 400,
      field: 'password',
    },
    {
      name: '/users: a NUL in the user name',
      method: 'POST',
      path: '/users',
      body: { username: 'a\u0000b', display_name: '测试', role: 'planner', password: 'long-enough-password' },
      type: json,
      role: 'admin',
      status: 400,
      field: 'username',
    },
    {
      name: '/users PATCH: a NUL in a display name',
      method: 'PATCH',
      path: '/users/planner',
      body: { display_name: 'x\u0000' },
      type: json,
      role: 'admin',
      status: 400,
      field: 'display_name',
    },
    {
      name: '/users PATCH: a lone surrogate in a display name',
      method: 'PATCH',
      path: '/users/planner',
      body: { display_name: '\udfff' },
      type: json,
      role: 'admin',
      status: 400,
      field: 'display_name',
    },
    {
      name: '/users PATCH: an override in a display name',
      method: 'PATCH',
      path: '/users/planner',
      body: { display_name: '\u202E张三' },
      type: PATCH,
      role: 'admin',
      status: 400,
      field: 'display_name',
    },
    {
      name: '/users PATCH: a NUL in the path',
      method: 'PATCH',
      path: '/users/plan%00ner',
      body: { active: false },
      type: json,
      role: 'admin',
      status: 400,
      field: 'username',
    },
    {
      name: 'publications: a NUL in the title',
      method: 'POST',
      path: '/publications',
      body: { title: '风险图\u0000', map_date: '2026-05-01' },
      type: json,
      role: 'publisher',
      status: 400,
      field: 'title',
    },
    {
      name: 'publications: an override in the note',
      method: 'POST',
      path: '/publications',
      body: { title: '风险图', map_date: '2026-05-01', note: '\u202Eabc' },
      type: json,
      role: 'publisher',
      status: 400,
      field: 'note',
    },
    {
      name: 'publications: 30 February',
      method: 'POST',
      path: '/publications',
      body: { title: '风险图', map_date: '2026-02-30' },
      type: json,
      role: 'publisher',
      status: 400,
      field: 'map_date',
    },
    {
      name: 'withdraw: a lone surrogate in the reason',
      method: 'POST',
      path: '/publications/1/withdraw',
      body: { reason: '\ud800' },
      type: json,
      role: 'publisher',
      status: 400,
      field: 'reason',
    },
    {
      name: 'import: a lone surrogate in a UTF-16 CSV file',
      method: 'POST',
      path: '/import/shelters?filename=s.csv',
      body: utf16(csv(['避难所\ud800,119.12,25.46,300,100,某路'])),
      type: 'text/csv',
      status: 400,
      field: 'file',
    },
    {
      name: 'import: an override in a UTF-16 CSV address',
      method: 'POST',
      path: '/import/shelters?filename=s.csv',
      body: utf16(csv(['避难所甲,119.12,25.46,300,100,某路\u202E'])),
      type: 'text/csv',
      status: 422,
      field: '地址',
    },
    {
      name: 'import: a NUL in a CSV file',
      method: 'POST',
      path: '/import/shelters?filename=s.csv',
      body: csv(['避难所\u0000甲,119.12,25.46,300,100,某路']),
      type: 'text/csv',
      status: 400,
      field: 'file',
    },
    {
      name: 'import: a GeoJSON feature with a height is flattened but a NUL name is not',
      method: 'POST',
      path: '/import/shelters?filename=x.geojson',
      body: JSON.stringify(collection(shelter({ name: '甲\u0000' }, [...SEAT, 3]))),
      type: 'application/octet-stream',
      status: 422,
      field: 'name',
    },
    {
      name: 'import: GeoJSON sent as JSON with a lone surrogate',
      method: 'POST',
      path: '/import/shelters?filename=x.geojson',
      body: collection(shelter({ address: '\udc00' })),
      type: 'application/geo+json',
      status: 422,
      field: 'address',
    },
  ];
}

const cases: Hostile[] = [
  ...hostileTextCases(),
  ...hostileQueryCases(),
  ...numberCases(),
  ...threeDimensionCases(),
  ...deepCases(),
  ...mergePatchCases(),
  ...stockCases(),
  ...freePlacesCases(),
  ...otherDoorCases(),
];

const resolve = <T>(value: Dynamic<T>, ids: Ids): T =>
  typeof value === 'function' ? (value as (ids: Ids) => T)(ids) : value;

/** Whether invalid-params names the field: exactly, as the start of a longer path, or as an import row's column. */
function names(params: Array<{ name: string }>, field: string): boolean {
  return params.some(
    ({ name }) =>
      name === field || name.startsWith(`${field}[`) || name.startsWith(`${field}.`) || name.endsWith(`: ${field}`),
  );
}

async function sendCase(api: TestServer, c: Hostile, ids: Ids) {
  const body = resolve(c.body, ids);
  const role = c.role === undefined ? 'planner' : c.role;
  const headers: Record<string, string> = {
    'content-type': c.type ?? 'application/geo+json',
    ...(role ? as(role) : {}),
  };
  if (c.ifMatch) headers['if-match'] = resolve(c.ifMatch, ids);
  const raw = body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const response = await fetch(api.url + resolve(c.path, ids), {
    method: c.method,
    headers,
    body: Buffer.isBuffer(raw) ? new Uint8Array(raw) : raw,
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, body: type.includes('json') && text ? JSON.parse(text) : text };
}

describe('the hostile table', () => {
  it('has at least 150 rows, each named once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});

describe.each(backends())('hostile input on the $name backend', (backend) => {
  let store: Store;
  let api: TestServer;
  let ids: Ids;
  let before: Awaited<ReturnType<typeof storeDigest>>;

  beforeAll(async () => {
    store = await backend.open();
    api = await serve(store);
    const first = (layer: string, filter = '') =>
      api.get(`/collections/${layer}/items?limit=1${filter}`, as('planner')).then((r) => r.body.features[0]);
    // An open shelter: a responder may patch its live fields, so the refusal is validation's, not the role's.
    const [shelter, depot, zone] = await Promise.all([
      first('shelters', '&status=open'),
      first('depots'),
      first('risk_zones'),
    ]);
    ids = {
      shelter: shelter.id,
      shelterEtag: `"${shelter.properties.revision}"`,
      capacity: shelter.properties.capacity,
      depot: depot.id,
      depotEtag: `"${depot.properties.revision}"`,
      zone: zone.id,
      zoneEtag: `"${zone.properties.revision}"`,
    };
    expect(ids.capacity).toBeGreaterThan(0);
    before = await storeDigest(store);
  });

  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it.each(cases)('$name → $status', async (c) => {
    const reply = await sendCase(api, c, ids);
    expect(reply.status).toBe(c.status);
    expect(reply.type).toContain('application/problem+json');
    if (c.field) {
      const params = reply.body['invalid-params'] ?? [];
      expect(names(params, c.field), JSON.stringify(params)).toBe(true);
    }
    expect(JSON.stringify(reply.body)).not.toMatch(/\b(SELECT|INSERT|UPDATE|jsonb|SQLSTATE)\b/);
  });

  it('leaves every layer, the history and the accounts as they were', async () => {
    const after = await storeDigest(store);
    expect(after.counts).toEqual(before.counts);
    expect(after.digest).toBe(before.digest);
  });

  /** What validation would have refused, sent straight to the store: the database's refusal in the store's words. */
  const direct: Array<[string, string, Record<string, unknown>, unknown, string | undefined]> = [
    ['a capacity past int4 (22003)', 'shelters', { name: '直写', capacity: 3e9 }, SEAT, undefined],
    ['a negative capacity (23514)', 'shelters', { name: '直写', capacity: -1 }, SEAT, 'capacity'],
    ['a NUL in a name (22P05)', 'shelters', { name: 'a\u0000b' }, SEAT, undefined],
    ['a lone surrogate in an address', 'shelters', { name: '直写', address: '\ud800' }, SEAT, undefined],
    ['a grade the layer has not (23514)', 'shelters', { name: '直写', grade: 'Z' }, SEAT, 'grade'],
    ['no name (23502)', 'shelters', { name: null }, SEAT, 'name'],
    ['a point with a height (22023)', 'shelters', { name: '直写' }, [...SEAT, 5], undefined],
    ['a date that is none (22008)', 'hazards', { name: '直写', found_on: '2026-02-30' }, SEAT, undefined],
  ];

  it.each(direct)(
    'the store refuses %s as an InvalidValue, without SQL',
    async (_what, layerId, properties, coordinates, column) => {
      const layer = findLayer(layerId) as LayerDef;
      const feature = { geometry: { type: 'Point', coordinates } as GeoJSON.Point, properties };
      const error = await store.insertFeatures(layer, [feature], { user: 'planner' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidValue);
      if (column) expect((error as InvalidValue).column).toBe(column);
      expect((error as Error).message).not.toMatch(/SELECT|INSERT|jsonb|violates/);
    },
  );

  it('the store calls a duplicate key a DuplicateFeature, and the history is untouched by refusals', async () => {
    const layer = findLayer('shelters') as LayerDef;
    const existing = {
      id: ids.shelter,
      geometry: { type: 'Point', coordinates: SEAT } as GeoJSON.Point,
      properties: { name: '重复' },
    };
    const error = await store.insertFeatures(layer, [existing], { user: 'planner' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateFeature);
    const after = await storeDigest(store);
    expect(after.digest).toBe(before.digest);
  });
});
