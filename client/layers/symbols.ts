import { LAYER_COLOURS } from '../../catalog/palette.ts';

/**
 * What a point layer's features look like, as data the canvas styles (styles.ts) draw, the same
 * whether a layer holds all its features or comes from vector tiles.
 */
export interface PointSymbol {
  colour: string;
  /** Corners of a regular shape; a circle when absent. */
  points?: number;
  radius: number;
  angle: number;
}

/**
 * Closed shelters are drawn hollow, a white fill inside a ring of the layer's colour; planned sites
 * hollow inside a dashed ring, so nobody mistakes a plan for a place that exists.
 */
export type PointLook = 'solid' | 'hollow' | 'planned';

export function pointLook(status: unknown): PointLook {
  return status === 'planned' ? 'planned' : status === 'closed' ? 'hollow' : 'solid';
}

export const PLANNED_DASH = [3, 2];

export const SOLID_STROKE = { colour: '#ffffff', width: 1.2 };
export const HOLLOW_STROKE_WIDTH = 2;
export const LINE_WIDTH = 3;

/** Layers drawn as areas; every other layer is points (hazards may add a few lines). */
export const AREA_LAYERS = ['admin_areas', 'risk_zones', 'forest_areas'];

export function pointSymbol(layerId: string): PointSymbol {
  const colour = LAYER_COLOURS[layerId] ?? '#333333';
  if (layerId === 'hazards' || layerId === 'enterprise_risks') return { colour, points: 3, radius: 7, angle: 0 };
  if (layerId === 'depots' || layerId === 'fire_stations') {
    return { colour, points: 4, radius: 7, angle: Math.PI / 4 };
  }
  const small = layerId === 'population' || layerId === 'broadcast_terminals';
  return { colour, radius: small ? 3.5 : 5.5, angle: 0 };
}
