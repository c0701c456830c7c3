import type { Feature as GeoFeature } from 'geojson';
import type OlFeature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import type OlMap from 'ol/Map.js';

const format = new GeoJSON({ featureProjection: 'EPSG:3857' });

/** Brings a GeoJSON (lon/lat) feature into view, a point at street scale rather than the closest zoom. */
export function zoomToFeature(map: OlMap, feature: GeoFeature): void {
  const extent = (format.readFeature(feature) as OlFeature).getGeometry()?.getExtent();
  if (extent) map.getView().fit(extent, { maxZoom: 15, duration: 300, padding: [80, 80, 80, 80] });
}
