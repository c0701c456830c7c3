import { asArray } from 'ol/color.js';
import Feature from 'ol/Feature.js';
import type Geometry from 'ol/geom/Geometry.js';
import LineString from 'ol/geom/LineString.js';
import MultiLineString from 'ol/geom/MultiLineString.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import { rulesToStyleFunction } from 'ol/render/canvas/style.js';
import type RegularShape from 'ol/style/RegularShape.js';
import type Style from 'ol/style/Style.js';
import { describe, expect, it } from 'vitest';
import { chinaDayStart, chinaMinute, chinaSecond, todayInChina } from '../../catalog/china-time.ts';
import { isAreaLayer, LAYERS } from '../../catalog/layers.ts';
import { mulberry32 } from '../../catalog/random.ts';
import { RISK_LEVEL_VALUES } from '../../catalog/risk-levels.ts';
import {
  type FlatStyle,
  geometryKind,
  layerRules,
  publicShelterRules,
  type Rule,
  stylesFor,
} from '../../catalog/symbols.ts';

/** What a drawn symbol comes to, the same few facts whether read from a flat style or from OpenLayers' Style. */
interface Look {
  shape: 'circle' | 'regular' | 'none';
  radius?: number;
  fill?: unknown;
  stroke?: unknown;
  width?: number;
  dash?: number[] | null;
}

/** A colour as red, green, blue and alpha, however it was written. */
const rgba = (colour: unknown) =>
  colour === undefined || colour === null ? undefined : asArray(colour as string).join(',');

function lookOfFlat(style: FlatStyle): Look {
  const prefix = style['circle-radius'] !== undefined ? 'circle-' : style['shape-radius'] !== undefined ? 'shape-' : '';
  const read = (key: string) => (style as Record<string, unknown>)[`${prefix}${key}`];
  return {
    shape: prefix === 'circle-' ? 'circle' : prefix === 'shape-' ? 'regular' : 'none',
    radius: read('radius') as number | undefined,
    fill: rgba(read('fill-color')),
    stroke: rgba(read('stroke-color')),
    width: read('stroke-width') as number | undefined,
    dash: (read('stroke-line-dash') as number[] | undefined) ?? null,
  };
}

function lookOfOl(style: Style): Look {
  const image = style.getImage() as RegularShape | null;
  const fill = image ? image.getFill() : style.getFill();
  const stroke = image ? image.getStroke() : style.getStroke();
  return {
    shape: image ? (image.getPoints() === Number.POSITIVE_INFINITY ? 'circle' : 'regular') : 'none',
    radius: image?.getRadius(),
    fill: rgba(fill?.getColor()),
    stroke: rgba(stroke?.getColor()),
    width: stroke?.getWidth(),
    dash: stroke?.getLineDash() ?? null,
  };
}

/** OpenLayers' own reading of the rules: the oracle for the catalog's rule matcher. */
function olLooks(rules: Rule[], properties: Record<string, unknown>, geometry: Geometry): Look[] {
  const styleFunction = rulesToStyleFunction(rules as never);
  const styles = styleFunction(new Feature({ ...properties, geometry }), 1) as Style[];
  return styles.map(lookOfOl);
}

const point = new Point([0, 0]);
const line = new LineString([
  [0, 0],
  [1, 1],
]);
const lines = new MultiLineString([line.getCoordinates()]);
const area = new Polygon([
  [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 0],
  ],
]);

const cases = LAYERS.flatMap((layer) =>
  [
    {},
    { status: 'open' },
    { status: 'closed' },
    { status: 'planned' },
    { status: 'existing' },
    { level: 1 },
    { level: 4 },
    { level: 7 },
    { level: 'district' },
    { level: 'township' },
    { kind: 'scenic' },
    { kind: 'industrial_park' },
  ].flatMap((properties) => [point, line, lines, area].map((geometry) => ({ layer: layer.id, properties, geometry }))),
);

describe('the symbology rules', () => {
  it.each(cases)(
    '$layer $properties on a $geometry.constructor.name: the styles OpenLayers reads',
    ({ layer, properties, geometry }) => {
      const ours = stylesFor(layerRules(layer), properties, geometryKind(geometry.getType())).map(lookOfFlat);
      expect(ours).toEqual(olLooks(layerRules(layer), properties, geometry));
    },
  );

  it.each([{ status: 'open' }, { status: 'closed' }, { status: null }, {}])(
    'public shelters %o: the styles OpenLayers reads',
    (properties) => {
      const ours = stylesFor(publicShelterRules(0.6), properties, 'Point').map(lookOfFlat);
      expect(ours).toEqual(olLooks(publicShelterRules(0.6), properties, point));
    },
  );

  it.each([
    ['shelters', { status: 'open' }, { shape: 'circle', radius: 5.5, fill: '#1a9850', stroke: '#ffffff', dash: null }],
    [
      'shelters',
      { status: 'closed' },
      { shape: 'circle', radius: 5.5, fill: '#ffffff', stroke: '#1a9850', dash: null },
    ],
    ['shelters', { status: 'planned' }, { shape: 'circle', fill: '#ffffff', stroke: '#1a9850', dash: [3, 2] }],
    [
      'depots',
      { status: 'planned' },
      { shape: 'regular', radius: 7, fill: '#ffffff', stroke: '#8c510a', dash: [3, 2] },
    ],
    ['hazards', {}, { shape: 'regular', radius: 7, fill: '#d6604d', stroke: '#ffffff' }],
    ['risk_zones', { level: 1 }, { shape: 'none', fill: 'rgba(230, 0, 18, 0.45)', stroke: '#E60012' }],
    ['risk_zones', { level: 4 }, { shape: 'none', fill: 'rgba(0, 112, 192, 0.45)', stroke: '#0070C0' }],
    ['admin_areas', { level: 'district' }, { shape: 'none', fill: undefined, stroke: '#12355b', width: 2.5 }],
  ] as const)('%s %o looks as the map has always drawn it', (layer, properties, expected) => {
    const [style] = stylesFor(layerRules(layer), properties, 'Point');
    expect(lookOfFlat(style)).toMatchObject({ ...expected, fill: rgba(expected.fill), stroke: rgba(expected.stroke) });
  });

  it.each([
    [{ status: 'open' }, '#1a9850', '#ffffff'],
    [{ status: 'closed' }, '#aab3bc', '#5f6b76'],
    [{ status: null }, '#aab3bc', '#5f6b76'],
  ])('the public map draws a shelter %o in %s ringed %s', (properties, fill, stroke) => {
    const [style] = stylesFor(publicShelterRules(), properties, 'Point');
    expect(lookOfFlat(style)).toMatchObject({ fill: rgba(fill), stroke: rgba(stroke) });
  });
});

describe('the layers', () => {
  it.each([
    ['admin_areas', true],
    ['risk_zones', true],
    ['forest_areas', true],
    ['population', false],
    ['hazards', false],
    ['shelters', false],
  ])('%s holds areas alone: %s', (id, expected) => {
    expect(isAreaLayer(id)).toBe(expected);
  });
});

describe('the risk levels', () => {
  it.each([
    ['1', '重大风险(红)', 'Major (red)'],
    ['2', '较大风险(橙)', 'Significant (orange)'],
    ['3', '一般风险(黄)', 'General (yellow)'],
    ['4', '低风险(蓝)', 'Low (blue)'],
  ])('level %s is listed as %s / %s', (level, zh, en) => {
    expect(RISK_LEVEL_VALUES[level]).toEqual({ zh, en });
  });
});

/** The runtime's own time-zone database, the oracle for the fixed UTC+8 arithmetic. */
const shanghai = (instant: string, options: Intl.DateTimeFormatOptions) =>
  new Date(instant).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', ...options });

describe('the bureau’s clock', () => {
  it.each([
    '2026-05-01T15:59:59.999Z',
    '2026-05-01T16:00:00Z',
    '2025-12-31T16:00:00Z',
    '2024-02-28T20:30:00Z',
    '2026-07-01T03:04:05Z',
  ])('%s reads as China’s day, minute and second', (instant) => {
    expect(todayInChina(new Date(instant))).toBe(
      shanghai(instant, { year: 'numeric', month: '2-digit', day: '2-digit' }),
    );
    expect(chinaSecond(instant)).toBe(shanghai(instant, {}));
    expect(chinaMinute(instant)).toBe(shanghai(instant, {}).slice(0, 16));
  });

  it.each([
    ['2026-05-02', 0, '2026-05-01T16:00:00.000Z'],
    ['2026-05-02', 1, '2026-05-02T16:00:00.000Z'],
    ['2024-03-01', -1, '2024-02-28T16:00:00.000Z'],
  ])('the China day %s, %i days on, starts at %s', (date, days, expected) => {
    expect(chinaDayStart(date, days)).toBe(expected);
  });
});

/** mulberry32 written as its author published it, unsigned throughout: an independent reading of the same recipe. */
function reference(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the seeded generator', () => {
  it.each([0, 1, 42, 20250630, 0xffffffff])('seed %i gives the reference sequence', (seed) => {
    const ours = mulberry32(seed);
    const theirs = reference(seed);
    const draws = Array.from({ length: 1000 }, () => [ours(), theirs()]);
    for (const [a, b] of draws) expect(a).toBe(b);
    expect(draws.every(([a]) => a >= 0 && a < 1)).toBe(true);
  });
});
