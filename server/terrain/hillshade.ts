/**
 * Shaded relief for the staff map's background: each cell lit from the north-west (azimuth 315°,
 * 45° above the horizon) by Horn's slope, as `gdaldem hillshade` computes it with its defaults, so
 * GDAL can check it cell for cell. Values run 1 (in shadow) to 255 (facing the light); 0 means no
 * value (the DEM's edge cells, and cells next to one without a height), as in GDAL's output.
 */
import type { Dem } from './dem.ts';

export interface Light {
  azimuthDeg: number;
  altitudeDeg: number;
  /** Vertical exaggeration. */
  z: number;
}

export const GDAL_LIGHT: Light = { azimuthDeg: 315, altitudeDeg: 45, z: 1 };

/** One byte a cell, row by row from the north like the DEM. */
export function hillshade(dem: Dem, light: Light = GDAL_LIGHT): Uint8Array {
  const { cols, rows, heights: h } = dem;
  const out = new Uint8Array(cols * rows);
  const az = (light.azimuthDeg * Math.PI) / 180;
  const alt = (light.altitudeDeg * Math.PI) / 180;
  const cosAzCosAltZ = Math.cos(az) * Math.cos(alt) * light.z;
  const sinAzCosAltZ = Math.sin(az) * Math.cos(alt) * light.z;
  const sinAlt = Math.sin(alt);
  const squareZ = light.z * light.z;
  // GDAL's north-south resolution is the geotransform's, negative for a north-up grid.
  const invEw = 1 / (8 * dem.cellX);
  const invNs = 1 / (8 * -dem.cellY);
  for (let r = 1; r < rows - 1; r++) {
    for (let c = 1; c < cols - 1; c++) {
      const i = r * cols + c;
      const w0 = h[i - cols - 1];
      const w1 = h[i - cols];
      const w2 = h[i - cols + 1];
      const w3 = h[i - 1];
      const w5 = h[i + 1];
      const w6 = h[i + cols - 1];
      const w7 = h[i + cols];
      const w8 = h[i + cols + 1];
      const x = (w0 + w3 + w3 + w6 - (w2 + w5 + w5 + w8)) * invEw;
      const y = (w6 + w7 + w7 + w8 - (w0 + w1 + w1 + w2)) * invNs;
      if (Number.isNaN(x + y + h[i])) continue;
      const cang = (sinAlt - (y * cosAzCosAltZ - x * sinAzCosAltZ)) / Math.sqrt(1 + squareZ * (x * x + y * y));
      out[i] = cang <= 0 ? 1 : Math.round(1 + 254 * cang);
    }
  }
  return out;
}
