import type { FieldDef, Label, LayerDef, Visibility } from '../layers/registry.ts';
import { visibleFields } from '../layers/registry.ts';

/** A tile of the Web Mercator (EPSG:3857) XYZ pyramid, y counted from the north. */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** What every vector tile follows, whichever backend cuts it. */
export const TILE = {
  minZoom: 0,
  /** Street level; geojson-vt keeps integer coordinates up to zoom 19, so the embedded backend can go this far. */
  maxZoom: 18,
  /** Coordinates per tile side (the MVT default). */
  extent: 4096,
  /** Features reaching this far (in tile units) past a tile's edge are kept, so symbols are not cut at the seams. */
  buffer: 64,
  /**
   * At most this many features per tile. Ordered by id (a random UUID, so the kept features are an
   * unbiased sample that keeps the density pattern), the first ones are kept. The cap only binds on
   * dense point layers at low zoom; a feature kept in a tile is kept in every tile below it, so zooming
   * in only ever adds points.
   */
  maxFeatures: 4096,
} as const;

/** The thinning rule in words, for TileJSON, the API document and the benchmark. */
export const THINNING_RULE: Label = {
  zh: `每个瓦片最多 ${TILE.maxFeatures} 个要素:超出时(低缩放级别下的密集点图层)按编号保留最前的 ${TILE.maxFeatures} 个,是确定的抽样,放大只会增加要素。`,
  en:
    `A tile holds at most ${TILE.maxFeatures} features: where more fall in it (dense point layers at low ` +
    'zoom) the first by id are kept, a deterministic sample that zooming in only adds to.',
};

/** The stored columns a tile carries; a depot's stock, read from another table, stays in the feature API. */
export function tileFields(layer: LayerDef, audience: Visibility): FieldDef[] {
  return visibleFields(layer, audience).filter((f) => !f.derived);
}

/** TileJSON's names for the value types a tile carries; lists go as JSON text. */
export function tileValueType(field: FieldDef): 'String' | 'Number' | 'Boolean' {
  if (field.type === 'integer' || field.type === 'number') return 'Number';
  if (field.type === 'boolean') return 'Boolean';
  return 'String';
}

/** The tile holding a lon/lat position at zoom z. */
export function tileAt([lon, lat]: number[], z: number): TileAddress {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z, x: Math.floor(((lon + 180) / 360) * n), y };
}
