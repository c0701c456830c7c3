import type { Feature as GeoFeature } from 'geojson';
import { toLonLat } from 'ol/proj.js';
import { ApiError, postJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import { button, field } from './form.ts';

/** Layers a planner adds by a click: the point layers. */
const POINT_LAYERS = [
  'shelters',
  'depots',
  'teams',
  'fire_stations',
  'cameras',
  'hazards',
  'enterprise_risks',
  'broadcast_terminals',
  'weather_stations',
  'protected_targets',
];

/**
 * Adding a feature: pick the layer, click the map, name it; the new feature opens in the editor for
 * the rest of its fields. An area (a layer of `areaLayers`) is drawn instead, corner by corner, and
 * `draw` takes it from there. The server validates as for any write and says why when it refuses.
 */
export function renderAddFeature(
  container: HTMLElement,
  titleOf: (layerId: string) => string,
  areaLayers: string[],
  draw: (layerId: string) => void,
  opened: (layerId: string, feature: GeoFeature) => void,
) {
  const layer = field('select', 'add-layer', t('add.layer'), {}, [...POINT_LAYERS, ...areaLayers]);
  for (const option of (layer.input as HTMLSelectElement).options) option.textContent = titleOf(option.value);
  const start = button(t('add.start'), 'secondary');
  const status = document.createElement('p');
  status.className = 'tool-status';
  let armed = false;
  start.addEventListener('click', () => {
    const layerId = (layer.input as HTMLSelectElement).value;
    if (areaLayers.includes(layerId)) {
      armed = false;
      start.setAttribute('aria-pressed', 'false');
      status.textContent = '';
      draw(layerId);
      return;
    }
    armed = !armed;
    start.setAttribute('aria-pressed', String(armed));
    status.textContent = armed ? t('add.click') : '';
  });
  const heading = document.createElement('h2');
  heading.textContent = t('add.title');
  container.append(heading, layer.label, start, status);

  return {
    /** Whether the next click on the map places a new feature. */
    armed: () => armed,
    async place(coordinate: number[]): Promise<void> {
      armed = false;
      start.setAttribute('aria-pressed', 'false');
      const layerId = (layer.input as HTMLSelectElement).value;
      const name = window.prompt(t('add.name'))?.trim();
      if (!name) {
        status.textContent = '';
        return;
      }
      const [lon, lat] = toLonLat(coordinate).map((v) => Number(v.toFixed(7)));
      try {
        const created = await postJson<GeoFeature>(`/collections/${layerId}/items`, {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [lon, lat] },
          properties: { name },
        });
        status.textContent = `${t('add.done')}: ${name}`;
        opened(layerId, created);
      } catch (error) {
        status.textContent = error instanceof ApiError ? error.message : String(error);
      }
    },
  };
}
