import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../catalog/layers.ts';
import {
  analysisLegend,
  type LegendEntry,
  layerLegend,
  publicShelterLegend,
  riskLegend,
} from '../../catalog/legend.ts';
import { RISK_COLOURS } from '../../catalog/palette.ts';
import { BACKGROUND, type FlatStyle } from '../../catalog/symbols.ts';

/**
 * WCAG 2.1 success criterion 1.4.11 (non-text contrast): a graphic a reader needs must stand 3:1
 * off what is next to it. Every symbol of the catalog is checked against white (the legend, the
 * map with a white basemap) and against the townships' pale fill (the map with no basemap). A
 * symbol stands out by its edge: the stronger of its fill and its stroke, each translucent colour
 * first laid over the background, as the canvas composes it.
 */

type Rgb = [number, number, number];

/** A colour as #rrggbb or rgba(r, g, b, a), laid over an opaque background. */
function over(colour: string, background: Rgb): Rgb {
  if (colour.startsWith('#')) return [1, 3, 5].map((i) => Number.parseInt(colour.slice(i, i + 2), 16)) as Rgb;
  const [r, g, b, a = 1] = (colour.match(/[\d.]+/g) ?? []).map(Number);
  return [r, g, b].map((v, i) => v * a + background[i] * (1 - a)) as Rgb;
}

/** Relative luminance, WCAG 2.1's definition (sRGB channels linearised, weighted 0.2126/0.7152/0.0722). */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** The colours a symbol shows its edge in: fills and strokes of shapes, circles and areas. */
function edges(style: FlatStyle): string[] {
  const keys = [
    'fill-color',
    'stroke-color',
    'circle-fill-color',
    'circle-stroke-color',
    'shape-fill-color',
    'shape-stroke-color',
  ] as const;
  return keys.map((key) => style[key]).filter((colour): colour is string => typeof colour === 'string');
}

const WHITE: Rgb = [255, 255, 255];
const BACKGROUNDS: Array<[string, Rgb]> = [
  ['white', WHITE],
  [`the townships’ ${BACKGROUND}`, over(BACKGROUND, WHITE)],
];

const symbols: Array<[string, LegendEntry]> = [
  ...LAYERS.flatMap((layer) =>
    layerLegend(layer.id).map((entry): [string, LegendEntry] => [`${layer.id} ${entry.label.en}`, entry]),
  ),
  ...riskLegend().map((entry): [string, LegendEntry] => [`risk zone ${entry.label.en}`, entry]),
  ...publicShelterLegend().map((entry): [string, LegendEntry] => [`public ${entry.label.en}`, entry]),
  ...analysisLegend().map((entry): [string, LegendEntry] => [`analysis ${entry.label.en}`, entry]),
];

const rows = symbols.flatMap(([name, entry]) =>
  BACKGROUNDS.map(([where, background]) => ({ name, where, entry, background })),
);

describe('the contrast formula', () => {
  // Published figures: black on white is the maximum, 21:1; #767676 is the lightest grey passing 4.5:1.
  it.each([
    ['#000000', 21],
    ['#767676', 4.54],
    ['#777777', 4.48],
    [RISK_COLOURS[3], 1.31],
    [RISK_COLOURS[2], 2.14],
  ])('%s on white is %s:1', (colour, expected) => {
    expect(contrast(over(colour, WHITE), WHITE)).toBeCloseTo(expected, 2);
  });
});

describe('every symbol stands 3:1 off its background (WCAG 1.4.11)', () => {
  it.each(rows)('$name on $where', ({ entry, background }) => {
    const colours = entry.styles.flatMap(edges);
    expect(colours.length).toBeGreaterThan(0);
    const best = Math.max(...colours.map((colour) => contrast(over(colour, background), background)));
    expect(best, colours.join(' ')).toBeGreaterThanOrEqual(3);
  });
});
