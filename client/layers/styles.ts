import { newEvaluationContext } from 'ol/expr/cpu.js';
import { newParsingContext } from 'ol/expr/expression.js';
import type { FeatureLike } from 'ol/Feature.js';
import { buildStyle } from 'ol/render/canvas/style.js';
import Style from 'ol/style/Style.js';
import { type FlatStyle, geometryKind, layerRules, type Rule, stylesFor } from '../../catalog/symbols.ts';
import { labelFor } from './labels.ts';

/**
 * The catalog's flat-style rules as OpenLayers styles. OpenLayers reads each rule's style once into
 * a Style kept for good, so thousands of points share a handful of objects, rather than setting a
 * shared symbol's fill and stroke again for every feature on every frame.
 */

const built = new WeakMap<FlatStyle, Style>();

/** A flat style as an OpenLayers Style, built once and shared. */
export function styleOf(flat: FlatStyle): Style {
  let style = built.get(flat);
  if (!style) {
    // Every value in the catalog is a literal, so one evaluation gives the style for every feature.
    style = buildStyle(flat, newParsingContext())(newEvaluationContext()) ?? new Style();
    built.set(flat, style);
  }
  return style;
}

/** A style function for features drawn by `rules`. */
export function ruleStyle(rules: Rule[]): (feature: FeatureLike) => Style[] {
  return (feature) =>
    stylesFor(rules, feature.getPropertiesInternal() ?? {}, geometryKind(feature.getGeometry()?.getType())).map(
      styleOf,
    );
}

/**
 * A layer's style function: its symbols by the catalog's rules, and its features' names at the zooms
 * that show them (the townships' names are a layer of their own: labels.ts).
 */
export function styleFor(layerId: string): (feature: FeatureLike, resolution: number) => Style[] {
  const symbols = ruleStyle(layerRules(layerId));
  if (layerId === 'admin_areas') return symbols;
  return (feature, resolution) => [...symbols(feature), ...labelFor(layerId, feature, resolution)];
}
