import type { FeatureLike } from 'ol/Feature.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import { publicShelterRules } from '../../catalog/symbols.ts';
import { labelFor } from '../layers/labels.ts';
import { ruleStyle } from '../layers/styles.ts';

/**
 * The public map's shelters in the catalog's symbols (open solid, the rest greyed), and the marks of
 * the nearest-shelter tool, which belong to this page alone. Zoomed in, a shelter is named.
 */

/** Metres per pixel above which the whole district is in view and full-size dots would bury the zones. */
const OVERVIEW_RESOLUTION = 60;
const near = ruleStyle(publicShelterRules());
const far = ruleStyle(publicShelterRules(0.6));

export const shelterStyle = (feature: FeatureLike, resolution: number) =>
  resolution > OVERVIEW_RESOLUTION ? far(feature) : [...near(feature), ...labelFor('shelters', feature, resolution)];

/** Open shelters over closed ones, so a closed one never hides an open one beside it. */
export const opensOnTop = (a: FeatureLike, b: FeatureLike) =>
  Number(a.get('status') === 'open') - Number(b.get('status') === 'open');

const ROUTE_COLOUR = '#12355b';
const HERE_COLOUR = '#1565c0';

const ring = new Style({
  image: new CircleStyle({ radius: 11, stroke: new Stroke({ color: ROUTE_COLOUR, width: 3 }) }),
});

const marks: Record<string, Style[]> = {
  route: [
    new Style({ stroke: new Stroke({ color: '#ffffff', width: 6 }) }),
    new Style({ stroke: new Stroke({ color: ROUTE_COLOUR, width: 3, lineDash: [8, 6] }) }),
  ],
  here: [
    new Style({
      image: new CircleStyle({
        radius: 7,
        fill: new Fill({ color: HERE_COLOUR }),
        stroke: new Stroke({ color: '#ffffff', width: 2.5 }),
      }),
    }),
  ],
  target: [ring],
  selected: [ring],
  // The way on foot along the roads: solid, where the straight line is dashed.
  walk: [
    new Style({ stroke: new Stroke({ color: '#ffffff', width: 7 }) }),
    new Style({ stroke: new Stroke({ color: ROUTE_COLOUR, width: 4 }) }),
  ],
};

/**
 * The line to the nearest shelter (straight and dashed, or solid along the roads once walked), where it
 * was measured from, and the shelter it leads to or the one tapped.
 */
export const markStyle = (feature: FeatureLike) =>
  feature.get('mark') === 'route' && feature.get('walked') ? marks.walk : (marks[feature.get('mark') as string] ?? []);
