import type { BBox } from '../store/index.ts';

/** Web Mercator (EPSG:3857), the projection of every web map the bureau's readers know. */
const EARTH_RADIUS = 6_378_137;

export type PagePoint = [number, number];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function mercator([lon, lat]: number[]): PagePoint {
  const phi = (lat * Math.PI) / 180;
  return [(EARTH_RADIUS * lon * Math.PI) / 180, EARTH_RADIUS * Math.log(Math.tan(Math.PI / 4 + phi / 2))];
}

export interface MapFrame {
  box: Box;
  /** Longitude/latitude to a point on the page (y grows downwards). */
  toPage(position: number[]): PagePoint;
  /** Metres on the ground per page unit at the frame's centre latitude. */
  groundPerUnit: number;
}

/** A frame that shows `extent` as large as fits in `box`, centred, `padding` units clear of its edges. */
export function fitFrame(extent: BBox, box: Box, padding: number): MapFrame {
  const [minX, minY] = mercator([extent[0], extent[1]]);
  const [maxX, maxY] = mercator([extent[2], extent[3]]);
  const scale = Math.min(
    (box.width - 2 * padding) / Math.max(maxX - minX, 1),
    (box.height - 2 * padding) / Math.max(maxY - minY, 1),
  );
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  // Mercator stretches distances by 1/cos(latitude); across a district that varies by well under 1%.
  const centreLat = (extent[1] + extent[3]) / 2;
  return {
    box,
    toPage(position) {
      const [x, y] = mercator(position);
      return [centreX + (x - midX) * scale, centreY - (y - midY) * scale];
    },
    groundPerUnit: Math.cos((centreLat * Math.PI) / 180) / scale,
  };
}
