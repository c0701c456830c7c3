import type { Feature as GeoFeature } from 'geojson';
import type OlMap from 'ol/Map.js';
import { getJson } from '../api.ts';
import { fill, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { button } from './form.ts';

/**
 * Roads the duty officer closes for one answer (a what-if): with the picker armed, a click on a road
 * segment adds it to the list, drawn red and dashed over the map, each with a × that takes it off
 * again. The list goes with the next nearest question as `closed`; nothing is written, so the
 * roads stay as stored for everyone else. The roads layer is switched on while picking, since a
 * segment must be seen to be clicked. Picking lasts while the tool is open: closing it ends the
 * picking, and it opens again with the picker off.
 */
export interface ClosedRoads {
  element: HTMLElement;
  /** The ids of the segments closed for this answer, in the order they were picked. */
  ids(): string[];
  armed(): boolean;
  /** Ends the picking (the tool closed or gave way to another): the next map click is a plain one again. */
  stop(): void;
  /** A map click while armed: closes the road under it; false when the click was not the picker's. */
  click(coordinate: number[]): boolean;
  /** Draws the closed segments again (after the overlay was cleared for a new answer). */
  draw(): void;
}

export function closedRoads(map: OlMap, overlay: Overlay, changed: () => void): ClosedRoads {
  const closed = new Map<string, GeoFeature>();
  let picking = false;

  const element = document.createElement('div');
  element.className = 'closed-roads';
  const toggle = button(t('closure.pick'), 'secondary');
  toggle.setAttribute('aria-pressed', 'false');
  const note = document.createElement('p');
  note.className = 'tool-status';
  const caption = document.createElement('h4');
  const list = document.createElement('ul');
  list.className = 'closed-list';
  element.append(toggle, note, caption, list);

  const roadsLayer = () => map.getAllLayers().find((l) => l.get('id') === 'roads');

  function arm(on: boolean) {
    picking = on;
    toggle.setAttribute('aria-pressed', String(on));
    toggle.textContent = t(on ? 'closure.done' : 'closure.pick');
    note.textContent = on ? t('closure.hint') : '';
    if (on) roadsLayer()?.setVisible(true);
  }
  toggle.addEventListener('click', () => arm(!picking));

  function draw() {
    overlay.replace({ type: 'FeatureCollection', features: [...closed.values()] }, 'closedRoad');
  }

  function render() {
    list.replaceChildren(
      ...[...closed.entries()].map(([id, road]) => {
        const name = String(road.properties?.name ?? id);
        const item = document.createElement('li');
        item.dataset.id = id;
        const text = document.createElement('span');
        text.textContent = name;
        const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'remove' });
        remove.textContent = '×';
        remove.setAttribute('aria-label', fill('closure.remove', { name }));
        remove.addEventListener('click', () => {
          closed.delete(id);
          render();
          draw();
          changed();
        });
        item.append(text, remove);
        return item;
      }),
    );
    list.hidden = caption.hidden = closed.size === 0;
    caption.textContent = fill('closure.list', { n: closed.size });
  }
  render();

  /** The id of the road segment drawn under a map coordinate, if any. */
  const roadAt = (coordinate: number[]) =>
    map.forEachFeatureAtPixel(map.getPixelFromCoordinate(coordinate), (feature) => feature.getId(), {
      layerFilter: (layer) => layer.get('id') === 'roads',
      hitTolerance: 6,
    });

  return {
    element,
    ids: () => [...closed.keys()],
    armed: () => picking,
    stop: () => arm(false),
    click(coordinate) {
      if (!picking) return false;
      const id = roadAt(coordinate);
      if (id === undefined) {
        note.textContent = t('closure.miss');
        return true;
      }
      const key = String(id);
      if (closed.has(key)) return true;
      note.textContent = t('closure.hint');
      void getJson<GeoFeature>(`/collections/roads/items/${encodeURIComponent(key)}`).then(
        (road) => {
          closed.set(key, { ...road, id: `closed-${key}` });
          render();
          draw();
          changed();
        },
        (error: Error) => {
          note.textContent = error.message;
        },
      );
      return true;
    },
    draw,
  };
}
