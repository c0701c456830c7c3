/**
 * The demo district's ground height, one formula below both users: the demo generator gives weather
 * stations and mountain roads their elevation from it, and the server's demo DEM rises and falls with
 * it, so a station's stated elevation and the terrain under it tell the same story. Made up but
 * smooth: a few metres on the coastal plain, rising northwards to about 1,000 m, with gentle ridges.
 */

/** Height of the made-up terrain at a longitude/latitude, m, before the DEM's finer relief. */
export function elevationAt([lon, lat]: readonly [number, number] | number[]): number {
  const rise = Math.max(0, lat - 25.49) * 3600;
  const ridges = Math.sin(lon * 90) * Math.cos(lat * 70) * Math.min(150, rise * 0.3);
  const coastal = 3 + Math.max(0, lat - 25.4) * 120 - Math.max(0, lon - 119.15) * 60;
  return Math.round(Math.max(2, coastal + rise + ridges));
}
