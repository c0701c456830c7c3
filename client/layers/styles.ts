import type { FeatureLike } from 'ol/Feature.js';
import { Circle, Fill, RegularShape, Stroke, Style } from 'ol/style.js';
import { LAYER_COLOURS, RISK_COLOURS } from './palette.ts';

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
  const colour = LAYER_COLOURS[layerId] ?? '#333333';
  const planned = feature.get('status') === 'planned' || feature.get('status') === 'closed';
  const geometryType = feature.getGeometry()?.getType();
  if (geometryType === 'LineString' || geometryType === 'MultiLineString') {
    return cached(`line:${layerId}`, () => new Style({ stroke: new Stroke({ color: colour, width: 3 }) }));
  }
  return cached(`point:${layerId}:${planned}`, () => {
    const fill = new Fill({ color: planned ? '#ffffff' : colour });
    const stroke = new Stroke({ color: planned ? colour : '#ffffff', width: planned ? 2 : 1.2 });
    const image =
      layerId === 'hazards' || layerId === 'enterprise_risks'
        ? new RegularShape({ points: 3, radius: 7, fill, stroke })
        : layerId === 'depots' || layerId === 'fire_stations'
          ? new RegularShape({ points: 4, radius: 7, angle: Math.PI / 4, fill, stroke })
          : new Circle({
              radius: layerId === 'population' || layerId === 'broadcast_terminals' ? 3.5 : 5.5,
              fill,
              stroke,
            });
    return new Style({ image });
  });
}

export function styleFor(layerId: string): (feature: FeatureLike) => Style {
  if (layerId === 'admin_areas') return adminStyle;
  if (layerId === 'risk_zones') return riskStyle;
  if (layerId === 'forest_areas') return forestStyle;
  return (feature) => pointStyle(layerId, feature);
}
