import type { Feature, Geometry } from 'geojson';
import { csvWriter } from '../formats/layer-csv.ts';
import { type LayerDef, type Visibility, visibleFields } from '../layers/registry.ts';
import { kmlWriter } from './kml.ts';

export const LAYER_FORMATS = ['geojson', 'csv', 'kml'] as const;
export type LayerFormat = (typeof LAYER_FORMATS)[number];

export const CONTENT_TYPES: Record<LayerFormat, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  kml: 'application/vnd.google-earth.kml+xml',
};

/**
 * How a layer file is written piece by piece, so a download streams a page of features at a time
 * instead of building the whole file in memory: the head, each feature, what goes between two
 * features, and the tail.
 */
export interface LayerFileWriter {
  head: string;
  feature: (feature: Feature<Geometry>) => string;
  separator: string;
  tail: string;
}

export function layerFileWriter(layer: LayerDef, format: LayerFormat, audience: Visibility): LayerFileWriter {
  switch (format) {
    case 'geojson':
      // `name` is the layer name GDAL and QGIS give the file's features.
      return {
        head: `{"type":"FeatureCollection","name":${JSON.stringify(layer.id)},"features":[`,
        feature: (f) => JSON.stringify(f),
        separator: ',',
        tail: ']}',
      };
    case 'csv':
      return csvWriter(layer, audience);
    case 'kml':
      return kmlWriter(layer, visibleFields(layer, audience));
  }
}
