import type { Feature as GeoFeature } from 'geojson';
import { ApiError, type FieldSchema, getJson, writeFeature } from '../api.ts';
import { t } from '../i18n/index.ts';
import { button } from './form.ts';

/** Kept by the server, or edited elsewhere (stock has its own endpoint). */
const NOT_EDITABLE = new Set(['township', 'revision', 'created_at', 'updated_at', 'updated_by', 'stock', 'item']);

type Value = string | number | boolean | string[] | null;

function typesOf(field: FieldSchema): string[] {
  return Array.isArray(field.type) ? field.type : field.type ? [field.type] : [];
}

/** One input per field, chosen by its schema: a list of options, a yes/no, a number, a date or text. */
function inputFor(name: string, field: FieldSchema, value: unknown): { element: HTMLElement; read: () => Value } {
  const types = typesOf(field);
  const labels = field['x-value-labels'] ?? {};
  if (types.includes('array')) {
    const box = document.createElement('div');
    box.className = 'choices';
    const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
    for (const option of field.items?.enum ?? []) {
      const label = document.createElement('label');
      const check = Object.assign(document.createElement('input'), {
        type: 'checkbox',
        value: option,
        checked: chosen.has(option),
      });
      label.append(check, labels[option] ?? option);
      box.append(label);
    }
    const read = () => [...box.querySelectorAll('input:checked')].map((i) => (i as HTMLInputElement).value);
    return { element: box, read };
  }
  if (field.enum || types.includes('boolean')) {
    const select = document.createElement('select');
    const options: Array<[string, string]> = types.includes('boolean')
      ? [
          ['true', t('popup.yes')],
          ['false', t('popup.no')],
        ]
      : (field.enum ?? []).filter((v) => v !== null).map((v) => [String(v), labels[String(v)] ?? String(v)]);
    for (const [v, text] of [['', '—'], ...options]) select.append(new Option(text, v));
    select.value = value === null || value === undefined ? '' : String(value);
    const read = (): Value => {
      if (select.value === '') return null;
      if (types.includes('boolean')) return select.value === 'true';
      return types.includes('integer') ? Number(select.value) : select.value;
    };
    return { element: select, read };
  }
  const input = document.createElement('input');
  input.name = name;
  if (types.includes('integer') || types.includes('number')) {
    input.type = 'number';
    input.step = types.includes('integer') ? '1' : 'any';
  } else if (field.format === 'date') {
    input.type = 'date';
  } else {
    input.type = 'text';
  }
  input.value = value === null || value === undefined ? '' : String(value);
  const read = (): Value => {
    if (input.value.trim() === '') return null;
    return input.type === 'number' ? Number(input.value) : input.value;
  };
  return { element: input, read };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The planner's attribute editor. It sends only what changed, against the revision it was opened
 * at; the server's word on each field is shown at that field, and a colleague's newer edit is
 * explained beside the fields it touched, the planner's own input kept for a second save.
 */
export function renderEditForm(
  element: HTMLElement,
  layerId: string,
  start: GeoFeature,
  schema: Record<string, FieldSchema>,
  onSaved: (feature: GeoFeature | null) => void,
  /** For points: lets the planner drag the feature, then hands over where it was dropped. */
  move?: (place: (lonLat: number[]) => void) => void,
) {
  let base = start;
  const form = document.createElement('form');
  form.className = 'edit-form';
  const readers = new Map<string, () => Value>();
  const notes = new Map<string, HTMLElement>();
  for (const [name, field] of Object.entries(schema)) {
    if (NOT_EDITABLE.has(name)) continue;
    const row = document.createElement('label');
    row.className = 'edit-field';
    row.dataset.field = name;
    const caption = document.createElement('span');
    caption.textContent = field.title;
    const { element: input, read } = inputFor(name, field, base.properties?.[name]);
    const note = document.createElement('small');
    note.className = 'field-error';
    row.append(caption, input, note);
    form.append(row);
    readers.set(name, read);
    notes.set(name, note);
  }
  const message = document.createElement('p');
  message.className = 'form-message';
  const save = button(t('edit.save'), 'primary', 'submit');
  const remove = button(t('edit.delete'), 'danger');
  form.append(message, save, remove);
  if (move) {
    const moveButton = button(t('edit.move'), 'secondary');
    moveButton.addEventListener('click', () => {
      message.textContent = t('edit.moving');
      move(async (lonLat) => {
        try {
          const geometry = { type: 'Point', coordinates: lonLat.map((v) => Number(v.toFixed(7))) };
          base = await writeFeature<GeoFeature>('PATCH', path, revision(), { geometry });
          say(`${t('edit.saved')} · ${base.properties?.township ?? ''}`, true);
          onSaved(base);
        } catch (error) {
          message.textContent = error instanceof ApiError ? error.message : String(error);
          onSaved(base);
        }
      });
    });
    form.append(moveButton);
  }
  const path = `/collections/${layerId}/items/${base.id}`;
  const revision = () => Number(base.properties?.revision);

  const clearNotes = () => {
    for (const note of notes.values()) note.textContent = '';
    say('');
  };
  function say(text: string, ok = false) {
    message.textContent = text;
    message.classList.toggle('ok', ok);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearNotes();
    const changed: Record<string, Value> = {};
    for (const [name, read] of readers) {
      const value = read();
      if (!same(value, base.properties?.[name])) changed[name] = value;
    }
    if (Object.keys(changed).length === 0) {
      message.textContent = t('edit.nothing');
      return;
    }
    try {
      const saved = await writeFeature<GeoFeature>('PATCH', path, revision(), { properties: changed });
      base = saved;
      say(t('edit.saved'), true);
      onSaved(saved);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 412) {
        const latest = await getJson<GeoFeature>(path);
        for (const name of Object.keys(changed)) {
          const theirs = latest.properties?.[name];
          if (!same(theirs, base.properties?.[name])) {
            (notes.get(name) as HTMLElement).textContent = `${t('edit.theirs')}: ${JSON.stringify(theirs)}`;
          }
        }
        base = latest;
        message.textContent = t('edit.stale');
        return;
      }
      for (const param of error.problem['invalid-params'] ?? []) {
        const name = param.name.replace(/^properties\./, '').replace(/\[\d+\]$/, '');
        const note = notes.get(name);
        if (note) note.textContent = param.reason;
        else message.textContent += `${param.name}: ${param.reason} `;
      }
      if (!error.problem['invalid-params']?.length) message.textContent = error.message;
    }
  });

  remove.addEventListener('click', async () => {
    if (!window.confirm(t('edit.confirmDelete'))) return;
    try {
      await writeFeature('DELETE', path, revision());
      onSaved(null);
    } catch (error) {
      message.textContent = error instanceof ApiError ? error.message : String(error);
    }
  });

  element.append(form);
}
