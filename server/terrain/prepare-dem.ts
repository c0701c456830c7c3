/**
 * From uploaded GeoTIFF bytes to the DEM the store keeps: read and placed (read-geotiff.ts), refused
 * when it does not overlap the district it is for (a DEM of another county, or one whose coordinates
 * were mislabelled, would silently give wrong viewsheds), and warped onto the district's 3°
 * Gauss-Krüger zone (warp.ts) unless it is already in it. Without a district set up the zone is the
 * DEM's own.
 */
import type { BBox } from '../analysis/grid.ts';
import { zonedCrs } from '../import/place/crs.ts';
import type { Dem } from './dem.ts';
import { DemRefused } from './errors.ts';
import { readGeoTiff } from './read-geotiff.ts';
import { lonLatBox, toDemGrid } from './warp.ts';

/** The CGCS2000 3° Gauss-Krüger zone (with its number in the easting) holding a longitude. */
function zoneFor(lon: number): string {
  const zone = zonedCrs(Math.round(lon / 3));
  if (!zone) throw new DemRefused('body', 'lies outside the longitudes of China’s Gauss-Krüger zones (75°E–135°E)');
  return zone.code;
}

const overlaps = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

export async function prepareDem(bytes: Uint8Array, district: BBox | null): Promise<Dem> {
  const source = await readGeoTiff(bytes);
  const box = lonLatBox(source);
  if (district && !overlaps(box, district)) {
    const f = (b: BBox) => `${((b[0] + b[2]) / 2).toFixed(2)}°E ${((b[1] + b[3]) / 2).toFixed(2)}°N`;
    throw new DemRefused('body', `covers ${f(box)}, which does not reach the district (${f(district)})`);
  }
  const target = district ? zoneFor((district[0] + district[2]) / 2) : zoneFor((box[0] + box[2]) / 2);
  return toDemGrid(source, target);
}
