import type { Coordinate } from 'ol/coordinate.js';
import { type Extent, getCenter, getIntersection } from 'ol/extent.js';
import type { FeatureLike } from 'ol/Feature.js';
import type OlMap from 'ol/Map.js';
import { getUid } from 'ol/util.js';

/**
 * The features a screen shows, in one order that the keyboard walk and the list view both follow:
 * layer by layer as the caller ranks them, and within a layer as a page is read, north to south,
 * then west to east. Only what the map already holds is read (a layer's loaded features, a tiled
 * layer's drawn tiles): nothing is fetched, and a long list is cut at a bound with its full count kept.
 */

/** A layer as this reads it: its id and the features it holds within an extent. */
interface ViewedLayer {
  id: string;
  inExtent(extent: Extent): FeatureLike[];
}

export interface InView {
  layerId: string;
  feature: FeatureLike;
  /** Where the feature is marked and centred: a point itself, else the middle of its part in view. */
  at: Coordinate;
  /** The layer and the feature's id: the same feature keeps it across tiles and redraws. */
  key: string;
}

export interface Viewed {
  items: InView[];
  /** Every feature in view, of which `items` are the first. */
  total: number;
  /**
   * Which reading this is and of what: a count of readings and the extent to the metre. The map and
   * the list show it, so a test can wait for a reading made after what it did.
   */
  stamp: string;
}

/** As many as a screen reader's list stays usable with; the rest are counted, not listed. */
const IN_VIEW_LIMIT = 200;

let readings = 0;

export function featuresInView(map: OlMap, layers: ViewedLayer[], limit = IN_VIEW_LIMIT): Viewed {
  // The view's extent without its padding: on a phone, the part of the map above the tool sheet.
  const extent = map.getView().calculateExtent();
  const items: InView[] = [];
  const seen = new Set<string>();
  for (const layer of layers) {
    const found: InView[] = [];
    for (const feature of layer.inExtent(extent)) {
      // A density cell of a full tile stands for many features, not one.
      if (feature.get('count') !== undefined) continue;
      const key = `${layer.id}/${feature.getId() ?? getUid(feature)}`;
      const box = feature.getGeometry()?.getExtent();
      if (seen.has(key) || !box) continue;
      seen.add(key);
      found.push({ layerId: layer.id, feature, at: getCenter(getIntersection(box, extent)), key });
    }
    found.sort((a, b) => b.at[1] - a.at[1] || a.at[0] - b.at[0]);
    items.push(...found);
  }
  return {
    items: items.slice(0, limit),
    total: items.length,
    stamp: `${++readings} ${extent.map(Math.round).join(',')}`,
  };
}

/**
 * Calls `update` once the map has stopped moving and drawn (and after a layer's features change),
 * at most every `delay` ms, so a pan or a burst of loaded tiles rebuilds the list once.
 */
export function afterMoves(map: OlMap, update: () => void, delay = 200): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(update, delay);
  };
  map.on('moveend', soon);
  map.on('rendercomplete', soon);
  soon();
}
