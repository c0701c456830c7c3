import type { Feature, Geometry } from 'geojson';
import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { LayerDef, Visibility } from '../layers/registry.ts';
import { TILE, type TileAddress, tileFields } from './rules.ts';

const byId = (a: LegacyFeature, b: LegacyFeature) => (String(a.tags?.id) < String(b.tags?.id) ? -1 : 1);

/**
 * Vector tiles cut in JavaScript (geojson-vt, encoded by vt-pbf) from a whole layer as staff read it,
 * for a backend without ST_AsMVT. One index serves every audience: public tiles leave out the
 * internal fields when the tile is encoded. geojson-vt keeps the tiles it has cut, so the index grows
 * with the tiles asked for; it is meant to be replaced whenever the layer changes.
 */
export class GeoJsonTiles {
  private readonly index: GeoJSONVT;

  constructor(
    private readonly layer: LayerDef,
    features: Feature<Geometry>[],
  ) {
    const fields = tileFields(layer, 'internal');
    const tagged = features.map(
      (f): Feature<Geometry> => ({
        type: 'Feature',
        geometry: f.geometry,
        // The id is a property, as ST_AsMVT writes it: an MVT feature id must be an integer, not a UUID.
        properties: {
          id: f.id,
          ...Object.fromEntries(fields.map((field) => [field.name, f.properties?.[field.name]])),
        },
      }),
    );
    this.index = new GeoJSONVT(
      { type: 'FeatureCollection', features: tagged },
      { maxZoom: TILE.maxZoom, extent: TILE.extent, buffer: TILE.buffer },
    );
  }

  /** The tile as MVT bytes; empty when no feature falls in it. */
  tile({ z, x, y }: TileAddress, audience: Visibility): Uint8Array {
    const features = this.index.getTile(z, x, y)?.features ?? [];
    if (features.length === 0) return new Uint8Array(0);
    const kept = features.length > TILE.maxFeatures ? [...features].sort(byId).slice(0, TILE.maxFeatures) : features;
    const names = ['id', ...tileFields(this.layer, audience).map((f) => f.name)];
    // New feature objects: the index's own are shared by every request and must stay whole.
    const shown = kept.map((f) => ({
      ...f,
      tags: Object.fromEntries(names.filter((name) => f.tags?.[name] != null).map((name) => [name, f.tags?.[name]])),
    }));
    return vtpbf.fromGeojsonVt({ [this.layer.id]: { features: shown } }, { version: 2, extent: TILE.extent });
  }
}
