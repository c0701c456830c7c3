import type { Feature as GeoFeature } from 'geojson';
import type { Extent } from 'ol/extent.js';
import type OlFeature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type OlMap from 'ol/Map.js';
import { transformExtent } from 'ol/proj.js';
import { clearOfCorner, legendCorner } from './legend-corner.ts';

const format = new GeoJSON({ featureProjection: 'EPSG:3857' });

/** Brings a GeoJSON (lon/lat) feature into view, a point at street scale rather than the closest zoom. */
export function zoomToFeature(map: OlMap, feature: GeoFeature): void {
  const extent = (format.readFeature(feature) as OlFeature).getGeometry()?.getExtent();
  if (extent) map.getView().fit(extent, { maxZoom: 15, duration: 300, padding: [80, 80, 80, 80] });
}

/**
 * The padding that keeps what is fitted clear of the panels over the map: the open tool on the
 * left (at the bottom on a phone) and the layer list on the right; on a phone also the legend,
 * which stands above the sheet at the right.
 */
export function besidePanels(map: OlMap): number[] {
  const box = (map.getTargetElement() as HTMLElement).getBoundingClientRect();
  const shown = (id: string) => {
    const panel = document.getElementById(id);
    const rect = panel?.getBoundingClientRect();
    return rect && rect.width > 0 && rect.height > 0 && getComputedStyle(panel as HTMLElement).display !== 'none'
      ? rect
      : undefined;
  };
  const tools = document.getElementById('tools')?.classList.contains('open') ? shown('tools') : undefined;
  if (window.innerWidth < 600) {
    const sheet = tools ? box.bottom - tools.top : 0;
    // The stylesheet stands the legend 8 px above the sheet.
    const legend = legendCorner(map.getTargetElement() as HTMLElement, document.getElementById('legend'), sheet + 8);
    return clearOfCorner([10, 10, sheet + 10, 10], [box.width, box.height], legend, 10);
  }
  const layers = shown('layers');
  return [20, layers ? box.right - layers.left + 20 : 20, 20, tools ? tools.right - box.left + 20 : 20];
}

/**
 * Fits an extent (in the map's projection) into what the panels leave of the map. The view's own
 * padding already keeps a phone's sheet out, as tall as it stood when last measured: the fit adds only
 * what the panels cover beyond it. On a phone the fit is at once, not animated, because the sheet
 * growing with the answer that asked for the fit moves the view's padding, and that cancels an
 * animation half way; the padding moving after an instant fit keeps the map where it was drawn.
 */
export function fitBesidePanels(map: OlMap, extent: Extent, duration = 300): void {
  const view = map.getView();
  const held = view.padding ?? [0, 0, 0, 0];
  const padding = besidePanels(map).map((covered, side) => Math.max(0, covered - held[side]));
  view.fit(extent, { padding, duration: window.innerWidth < 600 ? 0 : duration });
}

/** Brings a lon/lat extent (a district) into view, clear of the panels. */
export function fitExtent(map: OlMap, lonLat: number[], duration = 0): void {
  fitBesidePanels(map, transformExtent(lonLat, 'EPSG:4326', 'EPSG:3857'), duration);
}
