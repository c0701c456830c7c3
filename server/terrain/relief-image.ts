/**
 * The hillshade as the web map lays it under the layers: an image in longitude/latitude over the
 * DEM's extent, which the map reprojects like any static image, each pixel taking the shade of the
 * DEM cell under its centre; transparent where there is no shade, so the admin areas show through
 * off the DEM. About as many pixels as the DEM has cells.
 */
import proj4 from 'proj4';
import { crsByCode } from '../import/place/crs.ts';
import { cellAt, type Dem } from './dem.ts';
import { hillshade } from './hillshade.ts';
import { greyAlphaPng } from './png.ts';
import { lonLatBox } from './warp.ts';

export interface ReliefImage {
  png: Buffer;
  /** West, south, east, north in degrees: where the map places the image. */
  bbox: [number, number, number, number];
}

export function reliefImage(dem: Dem): ReliefImage {
  const shade = hillshade(dem);
  const bbox = lonLatBox({ ...dem, pixelIsPoint: false });
  const [west, south, east, north] = bbox;
  const width = dem.cols;
  const height = Math.max(
    1,
    Math.round((dem.cols * (north - south)) / ((east - west) * Math.cos(((north + south) / 2) * (Math.PI / 180)))),
  );
  const toDem = proj4('EPSG:4326', crsByCode(dem.crs).proj4 as string);
  const grey = new Uint8Array(width * height);
  const alpha = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    const lat = north - ((r + 0.5) / height) * (north - south);
    for (let c = 0; c < width; c++) {
      const [x, y] = toDem.forward([west + ((c + 0.5) / width) * (east - west), lat]);
      const cell = cellAt(dem, x, y);
      const value = cell ? shade[cell.row * dem.cols + cell.col] : 0;
      if (value === 0) continue;
      grey[r * width + c] = value;
      alpha[r * width + c] = 255;
    }
  }
  return { png: greyAlphaPng(width, height, grey, alpha), bbox };
}
