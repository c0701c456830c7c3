/**
 * The legend stands over the map's bottom-right corner (on a phone, above the sheet of tools), so
 * what a fit brings into view must stand clear of it as well as of the panels. The corner it covers
 * is kept out either by the fit's right padding or by its bottom padding, whichever loses less of the
 * map: a narrow legend costs a strip on the right, a wide one (a phone's) a band above the sheet.
 */

/** How far the legend reaches in from the map's right edge and up from its bottom edge (px). */
export interface Corner {
  width: number;
  height: number;
}

/**
 * The corner a shown legend covers. `settled` is how far above the map's bottom the legend will
 * stand once it has followed a sheet that has just grown (the stylesheet moves it a frame later):
 * the corner reaches at least that high plus the legend's own height.
 */
export function legendCorner(map: HTMLElement, legend: HTMLElement | null, settled = 0): Corner | undefined {
  if (!legend || legend.offsetHeight === 0 || getComputedStyle(legend).display === 'none') return undefined;
  const box = map.getBoundingClientRect();
  const rect = legend.getBoundingClientRect();
  return { width: box.right - rect.left, height: Math.max(box.bottom - rect.top, settled + rect.height) };
}

/**
 * A fit's padding ([top, right, bottom, left], px from the map's edges) widened by the right or the
 * bottom side to keep `gap` clear of the corner, whichever leaves the larger part of the map.
 */
export function clearOfCorner(padding: number[], size: number[], corner: Corner | undefined, gap: number): number[] {
  const [top, right, bottom, left] = padding;
  if (!corner) return padding;
  const width = corner.width + gap;
  const height = corner.height + gap;
  if (right >= width || bottom >= height) return padding;
  const lostRight = (width - right) * Math.max(0, size[1] - top - bottom);
  const lostBottom = (height - bottom) * Math.max(0, size[0] - left - right);
  return lostRight < lostBottom ? [top, width, bottom, left] : [top, right, height, left];
}
