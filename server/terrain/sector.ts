/**
 * A camera sees a sector, not a disc: its heading and field of view cut the viewshed down to the
 * cells whose bearing from the observer's cell lies within half the field of view either side of the
 * heading. Bearings run clockwise from grid north, between cell centres, as the viewshed's distances
 * do; a field of view of 360° or more keeps everything (a dome or a turntable).
 */
import type { Dem } from './dem.ts';
import type { ViewshedResult } from './viewshed.ts';

/** Clears, in place, the visible cells outside the sector; the observer's own cell stays. */
export function clipToSector(result: ViewshedResult, dem: Dem, headingDeg: number, fovDeg: number): void {
  if (!(fovDeg < 360)) return;
  const half = (Math.max(0, fovDeg) / 2) * (Math.PI / 180);
  const heading = (headingDeg * Math.PI) / 180;
  const { cols, rows, observerCol, observerRow, visible } = result;
  for (let r = 0; r < rows; r++) {
    const north = (observerRow - r) * dem.cellY;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (!visible[i] || (r === observerRow && c === observerCol)) continue;
      const bearing = Math.atan2((c - observerCol) * dem.cellX, north);
      let off = Math.abs(bearing - heading) % (2 * Math.PI);
      if (off > Math.PI) off = 2 * Math.PI - off;
      if (off > half + 1e-12) visible[i] = 0;
    }
  }
}
