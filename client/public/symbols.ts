import type { FeatureLike } from 'ol/Feature.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import { LAYER_COLOURS } from '../../catalog/palette.ts';

/** The public map's point symbols, as data the legend draws from too, so the two cannot disagree. */
export const SHELTER_SYMBOLS = {
  open: { fill: LAYER_COLOURS.shelters, stroke: '#ffffff', radius: 6 },
  // Greyed, not hidden: a closed shelter is still a place people know, and may open again.
  closed: { fill: '#aab3bc', stroke: '#5f6b76', radius: 5 },
};

const ROUTE_COLOUR = '#12355b';
const HERE_COLOUR = '#1565c0';

const circle = (fill: string, stroke: string, radius: number, width = 1.5) =>
  new Style({
    image: new CircleStyle({ radius, fill: new Fill({ color: fill }), stroke: new Stroke({ color: stroke, width }) }),
  });

const shelterStyles = (scale: number) => ({
  open: circle(SHELTER_SYMBOLS.open.fill, SHELTER_SYMBOLS.open.stroke, SHELTER_SYMBOLS.open.radius * scale),
  closed: circle(SHELTER_SYMBOLS.closed.fill, SHELTER_SYMBOLS.closed.stroke, SHELTER_SYMBOLS.closed.radius * scale),
});
const near = shelterStyles(1);
const far = shelterStyles(0.6);
/** Metres per pixel above which the whole district is in view and full-size dots would bury the zones. */
const OVERVIEW_RESOLUTION = 60;

export const shelterStyle = (feature: FeatureLike, resolution: number) => {
  const styles = resolution > OVERVIEW_RESOLUTION ? far : near;
  return feature.get('status') === 'open' ? styles.open : styles.closed;
};

/** Open shelters over closed ones, so a closed one never hides an open one beside it. */
export const opensOnTop = (a: FeatureLike, b: FeatureLike) =>
  Number(a.get('status') === 'open') - Number(b.get('status') === 'open');

const ring = new Style({
  image: new CircleStyle({ radius: 11, stroke: new Stroke({ color: ROUTE_COLOUR, width: 3 }) }),
});

const marks: Record<string, Style[]> = {
  route: [
    new Style({ stroke: new Stroke({ color: '#ffffff', width: 6 }) }),
    new Style({ stroke: new Stroke({ color: ROUTE_COLOUR, width: 3, lineDash: [8, 6] }) }),
  ],
  here: [circle(HERE_COLOUR, '#ffffff', 7, 2.5)],
  target: [ring],
  selected: [ring],
};

/** The line to the nearest shelter, where it was measured from, and the shelter it leads to or the one tapped. */
export const markStyle = (feature: FeatureLike) => marks[feature.get('mark') as string] ?? [];
