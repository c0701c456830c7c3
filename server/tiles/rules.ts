import { drawnFields } from '../../catalog/symbols.ts';
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

/**
 * Where a tile of a layer of points alone would hold more than `TILE.maxFeatures`, it holds the density
 * instead: the tile is cut into `cells` × `cells` squares (16 screen pixels each) and each square with points in it becomes
 * one point at their mean position carrying `count`. Every point is counted, so a dense area reads as
 * dense at every zoom and no seam shows at a tile's edge. The server backend keeps the cells of every
 * zoom up to `maxZoom` in a table, moved by triggers as points are written, so a tile over ten million
 * points costs its cells, not its points.
 */
export const DENSITY = { cells: 16, maxZoom: 14 } as const;

/** Whether a layer's tiles turn to density when full: a layer of points alone. */
export const densityLayer = (layer: LayerDef) => layer.geometryTypes.every((t) => t === 'Point');

/** The thinning rule in words, for TileJSON, the API document and the benchmark. */
export const THINNING_RULE: Label = {
  zh:
    `每个瓦片最多 ${TILE.maxFeatures} 个要素:点图层超出时改为密度,瓦片分为 ${DENSITY.cells}×${DENSITY.cells} 格,` +
    `每格一个点(带 count,即格内点数);其他图层按编号保留最前的 ${TILE.maxFeatures} 个。`,
  en:
    `A tile holds at most ${TILE.maxFeatures} features: where more points fall in a tile of a point layer, it ` +
    `holds their density instead, one point per square of a ${DENSITY.cells} × ${DENSITY.cells} grid at the ` +
    'mean of its points with their `count`; other layers keep the first by id.',
};

/**
 * The stored columns a tile carries: those its symbols and labels read (catalog/symbols.ts), and the
 * township the web map's list of features in view names beside each (a few bytes a feature: a tile
 * stores each township's name once), so a tile of ten thousand points is not ten thousand sets of
 * addresses and phone numbers; a click asks the feature API for the whole feature.
 */
export function tileFields(layer: LayerDef, audience: Visibility): FieldDef[] {
  const carried = new Set([...drawnFields(layer.id), 'township']);
  return visibleFields(layer, audience).filter((f) => !f.derived && carried.has(f.name));
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
