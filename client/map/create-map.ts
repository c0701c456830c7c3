import { defaults as defaultControls, ScaleLine } from 'ol/control.js';
import OlMap from 'ol/Map.js';
import { transformExtent } from 'ol/proj.js';
import View from 'ol/View.js';

/**
 * The map with no basemap: the admin areas drawn as a layer are the background, so it works with
 * no network at all. Online basemaps are configuration, added on top of this.
 */
export function createMap(target: string, extent: number[]): OlMap {
  const map = new OlMap({
    target,
    controls: defaultControls({ attribution: false }).extend([new ScaleLine()]),
    view: new View({ center: [0, 0], zoom: 2 }),
  });
  map.getView().fit(transformExtent(extent, 'EPSG:4326', 'EPSG:3857'), { padding: [20, 240, 20, 20] });
  return map;
}
