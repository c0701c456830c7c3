import type OlMap from 'ol/Map.js';

/**
 * On a phone the tools are a sheet over the bottom of the map, up to half the screen. The view's
 * padding follows the sheet's height, so the map's centre, and whatever a tool fits or zooms to,
 * sits in the part still seen above it; on a wider screen the tools float beside the map and the
 * view keeps no padding. The page's `--sheet-covered` says the same height to the stylesheet, which
 * stands the risk legend above the sheet rather than under it.
 */
export function centreAboveSheet(map: OlMap, sheet: HTMLElement): void {
  const phone = window.matchMedia('(max-width: 600px)');
  const follow = () => {
    const view = map.getView();
    const [top, right, bottom, left] = view.padding ?? [0, 0, 0, 0];
    const covered = phone.matches ? sheet.offsetHeight : 0;
    document.documentElement.style.setProperty('--sheet-covered', `${covered}px`);
    if (covered !== bottom) view.padding = [top, right, covered, left];
  };
  new ResizeObserver(follow).observe(sheet);
  phone.addEventListener('change', follow);
  follow();
}
