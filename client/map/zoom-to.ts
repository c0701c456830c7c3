import type { Feature as GeoFeature } from 'geojson';
import type OlFeature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type OlMap from 'ol/Map.js';
import { transformExtent } from 'ol/proj.js';

const format = new GeoJSON({ featureProjection: 'EPSG:3857' });

/** Brings a GeoJSON (lon/lat) feature into view, a point at street scale rather than the closest zoom. */
export function zoomToFeature(map: OlMap, feature: GeoFeature): void {
  const extent = (format.readFeature(feature) as OlFeature).getGeometry()?.getExtent();
  if (extent) map.getView().fit(extent, { maxZoom: 15, duration: 300, padding: [80, 80, 80, 80] });
}

/**
 * The padding that keeps what is fitted clear of the panels over the map: the open tool on the
 * left (at the bottom on a phone) and the layer list on the right.
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
  if (window.innerWidth < 600) return [10, 10, tools ? box.bottom - tools.top + 10 : 10, 10];
  const layers = shown('layers');
  return [20, layers ? box.right - layers.left + 20 : 20, 20, tools ? tools.right - box.left + 20 : 20];
}

/** Brings a lon/lat extent (a district) into view, clear of the panels. */
export function fitExtent(map: OlMap, lonLat: number[], duration = 0): void {
  const extent = transformExtent(lonLat, 'EPSG:4326', 'EPSG:3857');
  map.getView().fit(extent, { padding: besidePanels(map), duration });
}
