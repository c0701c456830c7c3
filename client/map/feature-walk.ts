import type { FeatureLike } from 'ol/Feature.js';
import Feature from 'ol/Feature.js';
import type Geometry from 'ol/geom/Geometry.js';
import VectorLayer from 'ol/layer/Vector.js';
import type OlMap from 'ol/Map.js';
import RenderFeature, { toGeometry } from 'ol/render/Feature.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Stroke, Style } from 'ol/style.js';
import type { InView, Viewed } from './features-in-view.ts';

/**
 * The features on the map as a keyboard reaches them. With the map focused, N and P step to the next
 * and the previous feature in view, in the list view's order; the one stepped to is ringed on the map
 * and announced (a polite live region) by name and layer, and Enter opens it as a click would. The
 * keys are told in the map's description, shown beneath it while it has the focus. Letters, not Tab:
 * Tab keeps leaving the map for the next control, as a keyboard user expects.
 */

interface WalkWords {
  /** The map's keys, read after its name. */
  keys: string;
  /** "name, layer, 3 of 12". */
  announce(item: InView, position: number, count: number): string;
  none: string;
}

interface FeatureWalk {
  /** The features now in view; the one stepped to stays current while it is among them. */
  update(viewed: Viewed): void;
  /** Rings a feature opened some other way (from the list) as the current one. */
  mark(item: InView): void;
}

// A dark ring on a white halo: one of the two stands out at 3:1 or more on any colour beneath (WCAG 1.4.11).
const HALO = '#ffffff';
const RING = '#111111';
const ringStyle = (colour: string, width: number) =>
  new Style({
    image: new Circle({ radius: 15, stroke: new Stroke({ color: colour, width }) }),
    stroke: new Stroke({ color: colour, width }),
    zIndex: 100,
  });
const RING_STYLES = [ringStyle(HALO, 8), ringStyle(RING, 4)];

const geometryOf = (feature: FeatureLike): Geometry | undefined =>
  feature instanceof RenderFeature ? toGeometry(feature) : feature.getGeometry()?.clone();

export function walkFeatures(map: OlMap, words: WalkWords, open: (item: InView) => void): FeatureWalk {
  const target = map.getTargetElement() as HTMLElement;
  const ring = new VectorSource();
  // Drawn over the map's layers without joining them (an unmanaged layer), so the layer list,
  // and whatever finds a layer by its place in it, stays as it was; with no id a click never picks it.
  new VectorLayer({ source: ring, style: RING_STYLES, map });
  const help = Object.assign(document.createElement('p'), {
    id: 'map-keys',
    className: 'map-keys',
    textContent: words.keys,
  });
  const live = Object.assign(document.createElement('div'), { className: 'visually-hidden' });
  live.setAttribute('aria-live', 'polite');
  live.id = 'map-announce';
  target.after(help, live);
  target.setAttribute('aria-describedby', help.id);

  let items: InView[] = [];
  let index = -1;
  const show = (next: number) => {
    index = next;
    ring.clear();
    const item = items[index];
    const geometry = item && geometryOf(item.feature);
    if (geometry) ring.addFeature(new Feature(geometry));
    live.textContent = item ? words.announce(item, index + 1, items.length) : words.none;
  };
  target.addEventListener('keydown', (event) => {
    if (event.target !== target || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'n' || key === 'p') {
      event.preventDefault();
      const step = key === 'n' ? 1 : -1;
      const count = items.length;
      show(count === 0 ? -1 : index < 0 ? (step > 0 ? 0 : count - 1) : (index + step + count) % count);
    } else if (event.key === 'Enter' && items[index]) {
      event.preventDefault();
      open(items[index]);
    }
  });
  return {
    update(viewed) {
      target.dataset.viewed = viewed.stamp;
      const current = items[index]?.key;
      items = viewed.items;
      index = items.findIndex((item) => item.key === current);
      // Only when a ring is drawn: clearing redraws the map, whose drawing would read the view again.
      if (index < 0 && ring.getFeatures().length > 0) ring.clear();
    },
    mark(item) {
      const at = items.findIndex((candidate) => candidate.key === item.key);
      if (at >= 0) show(at);
    },
  };
}

/**
 * After a panel opened from the keyboard: the next Escape closes it and gives the focus back to where
 * it came from (the map, or the list's row), so a keyboard user is never left at the top of the page.
 */
export function escapeReturns(isOpen: () => boolean, close: () => void, back: () => void): void {
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    window.removeEventListener('keydown', onKey, true);
    if (!isOpen()) return;
    event.preventDefault();
    close();
    back();
  };
  window.addEventListener('keydown', onKey, true);
}
