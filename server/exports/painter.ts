import type { PagePoint } from './mercator.ts';

export interface Stroke {
  colour: string;
  width: number;
  dash?: [number, number];
}

export interface Paint {
  fill?: string;
  stroke?: Stroke;
}

export interface TextStyle {
  size: number;
  colour: string;
  align?: 'left' | 'center' | 'right';
  /** A light outline around each glyph, so labels stay readable over the map. */
  halo?: string;
}

/**
 * What drawing a sheet needs, in page units with y downwards. The PNG and the PDF each implement
 * it, so the sheet is laid out once and looks the same in both.
 */
export interface Painter {
  /** Closed rings are filled together (even-odd, so holes stay holes); open ones are lines. */
  path(rings: PagePoint[][], paint: Paint, closed?: boolean): void;
  /** `y` is the text's baseline. */
  text(text: string, x: number, y: number, style: TextStyle): void;
  textWidth(text: string, size: number): number;
  /** Whatever `draw` paints is cut to the rectangle. */
  clipped(x: number, y: number, width: number, height: number, draw: () => void): void;
}

export function rectangle(x: number, y: number, width: number, height: number): PagePoint[] {
  return [
    [x, y],
    [x + width, y],
    [x + width, y + height],
    [x, y + height],
  ];
}
