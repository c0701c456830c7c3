import type { Feature, Geometry } from 'geojson';
import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import vtpbf from 'vt-pbf';
import type { LayerDef, Visibility } from '../layers/registry.ts';
import { DENSITY, densityLayer, TILE, type TileAddress, tileFields } from './rules.ts';

const byId = (a: LegacyFeature, b: LegacyFeature) => (String(a.tags?.id) < String(b.tags?.id) ? -1 : 1);

/** Tile units per density cell. */
const CELL = TILE.extent / DENSITY.cells;

/**
 * The points of a tile's features as density cells (rules.ts, DENSITY): one point per cell with any,
 * at their mean position, carrying `count`. Points in the buffer belong to the neighbour's cells and
 * are left to it, so each point is counted in one tile, as in the server backend's table.
 */
function densityOf(features: LegacyFeature[]): LegacyFeature[] {
  const cells = new Map<string, { n: number; x: number; y: number }>();
  for (const f of features) {
    for (const [x, y] of f.geometry as unknown as [number, number][]) {
      if (x < 0 || y < 0 || x >= TILE.extent || y >= TILE.extent) continue;
      const key = `${Math.floor(x / CELL)},${Math.floor(y / CELL)}`;
      const cell = cells.get(key) ?? { n: 0, x: 0, y: 0 };
      cell.n++;
      cell.x += x;
      cell.y += y;
      cells.set(key, cell);
    }
  }
  return [...cells.values()].map(
    (c) =>
      ({
        type: 1,
        geometry: [[Math.round(c.x / c.n), Math.round(c.y / c.n)]],
        tags: { count: c.n },
      }) as unknown as LegacyFeature,
  );
}

/**
 * Vector tiles cut in JavaScript (geojson-vt, encoded by vt-pbf) from a whole layer as staff read it,
 * for a backend without ST_AsMVT. One index serves every audience: public tiles leave out the
 * internal fields when the tile is encoded. A full tile of a point layer holds its density instead
 * (rules.ts). geojson-vt keeps the tiles it has cut, so the index grows
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
    // A point layer's tile too full for its own points (the buffer's belong to the neighbours) holds their density.
    const cells = features.length > TILE.maxFeatures && densityLayer(this.layer) ? densityOf(features) : [];
    if (cells.reduce((n, cell) => n + Number(cell.tags?.count), 0) > TILE.maxFeatures) {
      return vtpbf.fromGeojsonVt({ [this.layer.id]: { features: cells } }, { version: 2, extent: TILE.extent });
    }
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
