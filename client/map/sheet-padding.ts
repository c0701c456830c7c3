import type { Coordinate } from 'ol/coordinate.js';
import type OlMap from 'ol/Map.js';

/** How far inside the part of the map still seen a point must stand to count as in view (px). */
const MARGIN = 32;

/**
 * On a phone the tools are a sheet over the bottom of the map, up to half the screen. The view's
 * padding follows the sheet's height, so the map's centre, and whatever a tool fits or zooms to,
 * sits in the part still seen above it; on a wider screen the tools float beside the map and the
 * view keeps no padding. The page's `--sheet-covered` says the same height to the stylesheet, which
 * stands the risk legend above the sheet rather than under it.
 *
 * `bringIntoView` keeps a point (a camera taken into the what-if, to be dragged) above the sheet
 * until the planner next touches the map or anything else moves the view. Setting the view's
 * padding moves its centre, and that cancels any animation under way, so the sheet opening or
 * growing with a tool's answer stops a pan begun before: each change of the padding pans again
 * while the point is kept.
 */
export function centreAboveSheet(map: OlMap, sheet: HTMLElement) {
  const phone = window.matchMedia('(max-width: 600px)');
  let kept: Coordinate | undefined;

  /** Whether a point stands in the map's part not under the sheet, clear of its edges. */
  const seen = (coordinate: Coordinate) => {
    const pixel = map.getPixelFromCoordinate(coordinate);
    const size = map.getSize();
    if (!pixel || !size) return true;
    const [top, right, bottom, left] = map.getView().padding ?? [0, 0, 0, 0];
    const [x, y] = pixel;
    return x >= left + MARGIN && x <= size[0] - right - MARGIN && y >= top + MARGIN && y <= size[1] - bottom - MARGIN;
  };
  /** Whether the view is being moved by a pan of this module or by the padding, not by anything else. */
  let ours = false;
  const bring = (cancelled: boolean) => {
    if (!kept || (!cancelled && seen(kept))) return;
    ours = true;
    map.getView().animate({ center: kept, duration: 250 }, () => {
      ours = false;
    });
  };

  const follow = () => {
    const view = map.getView();
    const [top, right, bottom, left] = view.padding ?? [0, 0, 0, 0];
    const covered = phone.matches ? sheet.offsetHeight : 0;
    document.documentElement.style.setProperty('--sheet-covered', `${covered}px`);
    if (covered === bottom) return;
    const animating = view.getAnimating();
    ours = true;
    view.padding = [top, right, covered, left];
    ours = false;
    bring(animating);
  };
  new ResizeObserver(follow).observe(sheet);
  phone.addEventListener('change', follow);
  follow();
  // The planner takes the map over, or something else moves the view: the point is kept no longer.
  const release = () => {
    kept = undefined;
  };
  for (const type of ['pointerdown', 'wheel', 'keydown']) map.getViewport()?.addEventListener(type, release);
  map.getView().on('change:center', () => {
    if (!ours) release();
  });

  return {
    /** Pans a point into the part of the map seen (if it is not there already) and keeps it there. */
    bringIntoView(coordinate: Coordinate) {
      kept = coordinate;
      bring(false);
    },
  };
}
