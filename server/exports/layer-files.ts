import type { Feature, Geometry } from 'geojson';
import { exportCsv } from '../import/export-csv.ts';
import { type LayerDef, type Visibility, visibleFields } from '../layers/registry.ts';
import { exportKml } from './kml.ts';

export const LAYER_FORMATS = ['geojson', 'csv', 'kml'] as const;
export type LayerFormat = (typeof LAYER_FORMATS)[number];

export const isLayerFormat = (text: string): text is LayerFormat => (LAYER_FORMATS as readonly string[]).includes(text);

export const CONTENT_TYPES: Record<LayerFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  kml: 'application/vnd.google-earth.kml+xml',
};

/** A whole layer as a file; `features` are already cut to what `audience` may read. */
export function layerFile(
  layer: LayerDef,
  features: Array<Feature<Geometry>>,
  format: LayerFormat,
  audience: Visibility,
): string {
  switch (format) {
    case 'geojson':
      // `name` is the layer name GDAL and QGIS give the file's features.
      return JSON.stringify({ type: 'FeatureCollection', name: layer.id, features });
    case 'csv':
      return exportCsv(layer, features, audience);
    case 'kml':
      return exportKml(layer, features, visibleFields(layer, audience));
  }
}
