/**
 * A stored camera tried elsewhere, from its popup: 假设调整 takes the camera into the coverage tool's
 * what-if as it is stored (its own id, so it stands in for itself), where the planner drags it or
 * changes its mast height and reads the coverage before → after with its new view drawn. Nothing is
 * written: the what-if is a question to the API, and only a saved scenario's promotion writes.
 */
import type { Feature as GeoFeature } from 'geojson';
import { getJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import { button } from './form.ts';
import { PARAMETERS } from './proposal-form.ts';

/** What a proposal carries over from the stored camera: its name and what moves the figures. */
const CARRIED = ['name', 'kind', ...PARAMETERS.cameras];

export function cameraWhatIfButton(cameraId: string, adopt: (camera: GeoFeature) => void): HTMLElement {
  const open = button(t('whatif.adopt'), 'secondary');
  open.dataset.action = 'what-if';
  open.addEventListener('click', async () => {
    const stored = await getJson<GeoFeature>(`/collections/cameras/items/${cameraId}`);
    const properties = Object.fromEntries(CARRIED.map((key) => [key, stored.properties?.[key] ?? null]));
    adopt({ type: 'Feature', id: cameraId, geometry: stored.geometry, properties });
  });
  return open;
}
