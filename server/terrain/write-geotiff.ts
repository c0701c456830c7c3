/**
 * The DEM back as a GeoTIFF for staff to take into GIS software: float32 heights, the grid tied at
 * its north-west corner ("pixel is area"), its EPSG code, NaN declared as nodata, uncompressed, so
 * that GDAL reads back every cell as stored. Written with the `geotiff` package's writer.
 */
import { writeArrayBuffer } from 'geotiff';
import type { Dem } from './dem.ts';

export function demToGeoTiff(dem: Dem): Uint8Array {
  const code = Number(dem.crs.replace(/^EPSG:/, ''));
  const buffer = writeArrayBuffer(dem.heights, {
    width: dem.cols,
    height: dem.rows,
    ModelPixelScale: [dem.cellX, dem.cellY, 0],
    ModelTiepoint: [0, 0, 0, dem.west, dem.north, 0],
    GTModelTypeGeoKey: 1,
    GTRasterTypeGeoKey: 1,
    ProjectedCSTypeGeoKey: code,
    GDAL_NODATA: 'nan',
  });
  return new Uint8Array(buffer);
}
