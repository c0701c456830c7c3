import { defaults as defaultControls, MousePosition, ScaleLine } from 'ol/control.js';
import OlMap from 'ol/Map.js';
import { fromLonLat, transformExtent } from 'ol/proj.js';
import View from 'ol/View.js';
import { t } from '../i18n/index.ts';
import { keyboardMap } from './keyboard-map.ts';
import type { ViewState } from './url-state.ts';

/**
 * The map with no basemap: the admin areas drawn as a layer are the background, so it works with
 * no network at all. Online basemaps are configuration, added on top of this.
 */
export function createMap(target: string, extent: number[], state: ViewState): OlMap {
  const map = new OlMap({
    target,
    controls: defaultControls({ attribution: false }).extend([
      new ScaleLine(),
      new MousePosition({
        projection: 'EPSG:4326',
        className: 'pointer-position',
        placeholder: '',
        coordinateFormat: (c) => (c ? `${c[0].toFixed(5)}°E, ${c[1].toFixed(5)}°N` : ''),
      }),
    ]),
    view: new View({ center: [0, 0], zoom: 2, maxZoom: 19 }),
  });
  keyboardMap(map, { label: t('map.label'), zoomIn: t('map.zoomIn'), zoomOut: t('map.zoomOut') });
  if (state.center && state.zoom !== undefined) {
    map.getView().setCenter(fromLonLat(state.center));
    map.getView().setZoom(state.zoom);
  } else {
    // The map measures its element lazily; fitting before it has done so centres on the wrong size.
    map.updateSize();
    const small = window.innerWidth < 600;
    map.getView().fit(transformExtent(extent, 'EPSG:4326', 'EPSG:3857'), {
      padding: small ? [10, 10, 10, 10] : [20, 240, 20, 20],
    });
  }
  printsAtPageSize(map);
  return map;
}

/**
 * The canvas is drawn at the window's size; a print lays the page out at the paper's. The map measures
 * its element again and draws at once when the print layout starts and when it ends, so the paper
 * shows the whole map rather than a crop of the screen's canvas.
 */
function printsAtPageSize(map: OlMap): void {
  const redraw = () => {
    map.updateSize();
    map.renderSync();
  };
  window.addEventListener('beforeprint', redraw);
  window.addEventListener('afterprint', redraw);
  window.matchMedia('print').addEventListener('change', redraw);
}
