import type { Feature as GeoFeature } from 'geojson';
import { ApiError, type FieldSchema, getJson, postJson, writeFeature } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Reshaping } from '../map/shape-editing.ts';
import { button } from './form.ts';

/** Kept by the server, or edited elsewhere (stock has its own endpoint). */
const NOT_EDITABLE = new Set(['created_at', 'updated_at', 'updated_by', 'stock', 'item']);

/** Bookkeeping shown but never typed over: the server derives it, or an import matches records by it. */
const READ_ONLY = new Set(['township', 'revision', 'external_id', 'source', 'source_crs']);

type Value = string | number | boolean | string[] | null;

function typesOf(field: FieldSchema): string[] {
  return Array.isArray(field.type) ? field.type : field.type ? [field.type] : [];
}

interface Input {
  element: HTMLElement;
  /** Several controls (a list of choices): a group of its own, never one label over them all. */
  group?: boolean;
  read: () => Value;
  write: (value: unknown) => void;
}

/** One input per field, chosen by its schema: a list of options, a yes/no, a number, a date or text. */
function inputFor(name: string, field: FieldSchema): Input {
  const types = typesOf(field);
  const labels = field['x-value-labels'] ?? {};
  if (types.includes('array')) {
    const box = document.createElement('div');
    box.className = 'choices';
    for (const option of field.items?.enum ?? []) {
      const label = document.createElement('label');
      label.append(
        Object.assign(document.createElement('input'), { type: 'checkbox', value: option }),
        labels[option] ?? option,
      );
      box.append(label);
    }
    const checks = () => [...box.querySelectorAll('input')] as HTMLInputElement[];
    const read = () =>
      checks()
        .filter((c) => c.checked)
        .map((c) => c.value);
    const write = (value: unknown) => {
      const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
      for (const check of checks()) check.checked = chosen.has(check.value);
    };
    return { element: box, read, write, group: true };
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
    const read = (): Value => {
      if (select.value === '') return null;
      if (types.includes('boolean')) return select.value === 'true';
      return types.includes('integer') ? Number(select.value) : select.value;
    };
    const write = (value: unknown) => {
      select.value = value === null || value === undefined ? '' : String(value);
    };
    return { element: select, read, write };
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
  const read = (): Value => {
    if (input.value.trim() === '') return null;
    return input.type === 'number' ? Number(input.value) : input.value;
  };
  const write = (value: unknown) => {
    input.value = value === null || value === undefined ? '' : String(value);
  };
  return { element: input, read, write };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The form field a problem is about: `properties.capacity` → capacity, `geometry.coordinates[0]` → geometry. */
const fieldOf = (name: string) =>
  name.startsWith('geometry') ? 'geometry' : name.replace(/^properties\./, '').replace(/\[\d+\]$/, '');

export interface EditOptions {
  /** For points: lets the planner drag the feature, then hands over where it was dropped. */
  move?: (place: (lonLat: number[]) => void) => void;
  /** For areas: starts reshaping the feature on the map. */
  reshape?: () => Reshaping;
  /** Offer deleting the feature (planners); a responder setting live fields may not. */
  deletable?: boolean;
}

/**
 * The planner's attribute editor. It sends only what changed, against the revision it was opened
 * at; the server's word on each field — the shape included — is shown at that field, and a
 * colleague's newer edit is explained beside the fields it touched, the planner's own input and
 * shape kept for a second save. A feature without an id is new (a drawn area): the first save
 * creates it, and the form goes on editing what was stored.
 */
export function renderEditForm(
  element: HTMLElement,
  layerId: string,
  start: GeoFeature,
  schema: Record<string, FieldSchema>,
  onSaved: (feature: GeoFeature | null) => void,
  { move, reshape, deletable = true }: EditOptions = {},
) {
  let base = start;
  const isNew = () => base.id === undefined;
  const path = () => `/collections/${layerId}/items/${base.id}`;
  const revision = () => Number(base.properties?.revision);
  const form = document.createElement('form');
  form.className = 'edit-form';
  const inputs = new Map<string, Input>();
  const notes = new Map<string, HTMLElement>();
  const row = (name: string, caption: string, input: HTMLElement, tag: 'label' | 'div' = 'label') => {
    const line = document.createElement(tag);
    line.className = 'edit-field';
    line.dataset.field = name;
    const title = document.createElement('span');
    title.textContent = caption;
    // A label names only its first control: a group of choices is named as a group, each choice by its own label.
    if (tag === 'div') {
      line.setAttribute('role', 'group');
      line.setAttribute('aria-label', caption);
    }
    const note = document.createElement('small');
    note.className = 'field-error';
    line.append(title, input, note);
    notes.set(name, note);
    return line;
  };
  for (const [name, field] of Object.entries(schema)) {
    const value = base.properties?.[name];
    const readOnly = READ_ONLY.has(name);
    if (NOT_EDITABLE.has(name) || (readOnly && (value === undefined || value === null))) continue;
    const input = inputFor(name, field);
    input.write(value);
    if (readOnly) input.element.setAttribute('disabled', '');
    form.append(row(name, field.title, input.element, input.group ? 'div' : 'label'));
    if (!readOnly) inputs.set(name, input);
  }

  let reshaping: Reshaping | undefined;
  const reshapeButton = button(t('edit.reshape'), 'secondary');
  const setReshaping = (on: boolean) => {
    if (on && reshape) reshaping ??= reshape();
    if (!on) {
      reshaping?.stop();
      reshaping = undefined;
    }
    reshapeButton.setAttribute('aria-pressed', String(on));
  };
  if (reshape) {
    reshapeButton.addEventListener('click', () => {
      setReshaping(!reshaping);
      say(reshaping ? t('edit.reshaping') : '');
    });
    form.prepend(row('geometry', t('edit.shape'), reshapeButton, 'div'));
    // A drawn area is still being shaped: its corners can be dragged before it is first saved.
    if (isNew()) setReshaping(true);
  }

  const message = document.createElement('p');
  message.className = 'form-message';
  const save = button(t('edit.save'), 'primary', 'submit');
  const remove = button(t('edit.delete'), 'danger');
  remove.hidden = isNew() || !deletable;
  form.append(message, save, remove);
  function say(text: string, ok = false) {
    message.textContent = text;
    message.classList.toggle('ok', ok);
  }
  if (move) {
    const moveButton = button(t('edit.move'), 'secondary');
    moveButton.addEventListener('click', () => {
      say(t('edit.moving'));
      move(async (lonLat) => {
        try {
          const geometry = { type: 'Point', coordinates: lonLat.map((v) => Number(v.toFixed(7))) };
          base = await writeFeature<GeoFeature>('PATCH', path(), revision(), { geometry });
          say(`${t('edit.saved')} · ${base.properties?.township ?? ''}`, true);
          onSaved(base);
        } catch (error) {
          say(error instanceof ApiError ? error.message : String(error));
          onSaved(base);
        }
      });
    });
    form.append(moveButton);
  }

  const clearNotes = () => {
    for (const note of notes.values()) note.textContent = '';
    say('');
  };

  /** Creates the feature, or patches what changed; undefined when nothing did. */
  async function write(changed: Record<string, Value>, shape: GeoFeature['geometry'] | undefined) {
    if (isNew()) {
      const geometry = reshaping?.geometry() ?? base.geometry;
      return postJson<GeoFeature>(`/collections/${layerId}/items`, { type: 'Feature', geometry, properties: changed });
    }
    if (Object.keys(changed).length === 0 && !shape) return undefined;
    const patch = {
      ...(Object.keys(changed).length ? { properties: changed } : {}),
      ...(shape ? { geometry: shape } : {}),
    };
    return writeFeature<GeoFeature>('PATCH', path(), revision(), patch);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearNotes();
    const changed: Record<string, Value> = {};
    for (const [name, input] of inputs) {
      const value = input.read();
      if (!same(value, base.properties?.[name])) changed[name] = value;
    }
    const shape = reshaping?.changed() ? reshaping.geometry() : undefined;
    try {
      const created = isNew();
      const saved = await write(changed, shape);
      if (!saved) {
        say(t('edit.nothing'));
        return;
      }
      base = saved;
      reshaping?.stored();
      setReshaping(false);
      remove.hidden = !deletable;
      say(t(created ? 'add.done' : 'edit.saved'), true);
      onSaved(saved);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 412) {
        const latest = await getJson<GeoFeature>(path());
        for (const [name, input] of inputs) {
          const theirs = latest.properties?.[name];
          if (same(theirs, base.properties?.[name])) continue;
          // Every field the colleague changed is marked. The planner's own input is kept; a field they
          // left alone takes the colleague's value, so a second save does not undo it.
          (notes.get(name) as HTMLElement).textContent = `${t('edit.theirs')}: ${JSON.stringify(theirs)}`;
          if (!(name in changed)) input.write(theirs);
        }
        if (shape && !same(latest.geometry, base.geometry)) {
          (notes.get('geometry') as HTMLElement).textContent = t('edit.theirShape');
        }
        base = latest;
        // Without a shape of the planner's own, the map shows the stored one, the colleague's included.
        if (!shape) {
          onSaved(latest);
          reshaping?.stored();
        }
        say(t('edit.stale'));
        return;
      }
      for (const param of error.problem['invalid-params'] ?? []) {
        const note = notes.get(fieldOf(param.name));
        if (note) note.textContent = note.textContent ? `${note.textContent}; ${param.reason}` : param.reason;
        else message.textContent += `${param.name}: ${param.reason} `;
      }
      if (!error.problem['invalid-params']?.length) say(error.message);
    }
  });

  remove.addEventListener('click', async () => {
    if (!window.confirm(t('edit.confirmDelete'))) return;
    try {
      await writeFeature('DELETE', path(), revision());
      setReshaping(false);
      onSaved(null);
    } catch (error) {
      say(error instanceof ApiError ? error.message : String(error));
    }
  });

  element.append(form);
}
