import type { FeatureLike } from 'ol/Feature.js';
import { Circle, Fill, RegularShape, Stroke, Style } from 'ol/style.js';
import { RISK_COLOURS } from '../../catalog/palette.ts';
import { HOLLOW_STROKE_WIDTH, LINE_WIDTH, PLANNED_DASH, pointLook, pointSymbol, SOLID_STROKE } from './symbols.ts';

/** Styles as data: one function per layer kind, cached so thousands of points share a handful of objects. */

const cache = new Map<string, Style>();
const cached = (key: string, make: () => Style) => {
  let style = cache.get(key);
  if (!style) {
    style = make();
    cache.set(key, style);
  }
  return style;
};

const translucent = (hex: string, alpha: number) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

function adminStyle(feature: FeatureLike): Style {
  const level = feature.get('level');
  return cached(`admin:${level}`, () =>
    level === 'district'
      ? new Style({ stroke: new Stroke({ color: '#12355b', width: 2.5 }) })
      : new Style({
          fill: new Fill({ color: '#fbfbf8' }),
          stroke: new Stroke({ color: '#9aa5b1', width: 1, lineDash: [4, 3] }),
        }),
  );
}

function riskStyle(feature: FeatureLike): Style {
  const level = Number(feature.get('level'));
  const colour = RISK_COLOURS[level] ?? '#999999';
  return cached(
    `risk:${level}`,
    () =>
      new Style({
        fill: new Fill({ color: translucent(colour, 0.45) }),
        stroke: new Stroke({ color: colour, width: 1.5 }),
      }),
  );
}

function forestStyle(feature: FeatureLike): Style {
  const kind = feature.get('kind');
  const colour = kind === 'industrial_park' ? '#8d6e63' : kind === 'scenic' ? '#66bb6a' : '#2e7d32';
  return cached(
    `forest:${kind}`,
    () =>
      new Style({
        fill: new Fill({ color: translucent(colour, 0.18) }),
        stroke: new Stroke({ color: translucent(colour, 0.6), width: 1 }),
      }),
  );
}

function pointStyle(layerId: string, feature: FeatureLike): Style {
  const symbol = pointSymbol(layerId);
  const look = pointLook(feature.get('status'));
  const geometryType = feature.getGeometry()?.getType();
  if (geometryType === 'LineString' || geometryType === 'MultiLineString') {
    return cached(
      `line:${layerId}`,
      () => new Style({ stroke: new Stroke({ color: symbol.colour, width: LINE_WIDTH }) }),
    );
  }
  return cached(`point:${layerId}:${look}`, () => {
    const fill = new Fill({ color: look === 'solid' ? symbol.colour : '#ffffff' });
    const stroke =
      look === 'solid'
        ? new Stroke({ color: SOLID_STROKE.colour, width: SOLID_STROKE.width })
        : new Stroke({
            color: symbol.colour,
            width: HOLLOW_STROKE_WIDTH,
            lineDash: look === 'planned' ? PLANNED_DASH : undefined,
          });
    const { points, radius, angle } = symbol;
    // No layer is decluttered. Saying so lets a click find the point on a vector tile layer too, whose
    // hit detection (OpenLayers 10.11) otherwise counts a symbol as hit only once it is decluttered.
    const declutterMode = 'none';
    const image =
      points === undefined
        ? new Circle({ radius, fill, stroke, declutterMode })
        : new RegularShape({ points, radius, angle, fill, stroke, declutterMode });
    return new Style({ image });
  });
}

export function styleFor(layerId: string): (feature: FeatureLike) => Style {
  if (layerId === 'admin_areas') return adminStyle;
  if (layerId === 'risk_zones') return riskStyle;
  if (layerId === 'forest_areas') return forestStyle;
  return (feature) => pointStyle(layerId, feature);
}
