/**
 * A camera's viewshed on demand, from its popup: staff press 视域 and the map shades what the camera
 * sees over the hills (its range, heading and field of view, from its mast top), with the visible area
 * beside the button. One camera's at a time, so the map never fills with old answers.
 */
import { ApiError, getJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { button } from './form.ts';

interface ViewshedAnswer {
  type: 'FeatureCollection';
  features: { properties: { visible_area_m2: number } }[];
}

export function viewshedButton(cameraId: string, overlay: Overlay): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'camera-viewshed';
  const open = button(t('terrain.viewshed'), 'secondary');
  open.dataset.action = 'viewshed';
  const said = document.createElement('output');
  open.addEventListener('click', async () => {
    said.textContent = t('tool.working');
    try {
      const answer = await getJson<ViewshedAnswer>(`/analysis/viewshed/${cameraId}`);
      overlay.replace(answer, 'viewshed');
      const km2 = answer.features[0].properties.visible_area_m2 / 1e6;
      said.textContent = `${t('terrain.viewshedArea')} ${km2.toFixed(2)} km²`;
    } catch (error) {
      said.textContent =
        error instanceof ApiError && error.status === 404 ? t('terrain.noDem') : (error as Error).message;
    }
  });
  wrap.append(open, said);
  return wrap;
}
