import type { Feature as GeoFeature } from 'geojson';
import { ApiError, getJson, writeFeature } from '../api.ts';
import { fill, t } from '../i18n/index.ts';
import { button, field } from './form.ts';

/**
 * A road's popup, for staff on duty: mark the segment closed for real (a landslide, a flood), with the
 * reason if known, or open it again. Asked twice, since every route and reach of every user leaves a
 * closed road out at once; written as a JSON Merge Patch of the live `status` at the revision stored
 * now. `saved` gets the road as stored after the write.
 */
export function roadClosure(
  roadId: string,
  name: string,
  status: unknown,
  saved: (road: GeoFeature) => void,
): HTMLElement {
  const closing = status !== 'closed';
  const box = document.createElement('div');
  box.className = 'road-closure';
  const ask = button(t(closing ? 'closure.close' : 'closure.reopen'), closing ? 'danger' : 'secondary');
  const confirm = document.createElement('div');
  confirm.className = 'road-closure-confirm';
  confirm.setAttribute('role', 'group');
  confirm.hidden = true;
  const question = document.createElement('p');
  question.textContent = fill(closing ? 'closure.confirmClose' : 'closure.confirmReopen', { name });
  const why = field('text', `closure-note-${roadId}`, t('closure.note'));
  why.label.hidden = !closing;
  const yes = button(t('closure.yes'), closing ? 'danger' : 'primary');
  const no = button(t('closure.no'), 'secondary');
  const message = document.createElement('p');
  message.className = 'tool-status';
  message.setAttribute('role', 'status');
  confirm.append(question, why.label, yes, no);
  box.append(ask, confirm, message);

  const showConfirm = (shown: boolean) => {
    confirm.hidden = !shown;
    ask.hidden = shown;
    (shown ? yes : ask).focus();
  };
  ask.addEventListener('click', () => showConfirm(true));
  no.addEventListener('click', () => showConfirm(false));
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    const path = `/collections/roads/items/${encodeURIComponent(roadId)}`;
    try {
      const stored = await getJson<GeoFeature>(path);
      const note = (why.input as HTMLInputElement).value.trim();
      const properties = closing ? { status: 'closed', ...(note ? { closure_note: note } : {}) } : { status: 'open' };
      const road = await writeFeature<GeoFeature>('PATCH', path, Number(stored.properties?.revision), { properties });
      saved(road);
    } catch (error) {
      message.textContent = error instanceof ApiError ? error.message : String(error);
      yes.disabled = false;
    }
  });
  return box;
}
