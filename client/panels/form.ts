import type { ApiError, Collection } from '../api.ts';
import { language } from '../i18n/index.ts';

/** Small form pieces shared by the tools: a labelled input or select, a button, a list, a distance. */

export function field(
  type: 'text' | 'password' | 'number' | 'date' | 'select' | 'textarea' | 'checkbox',
  id: string,
  text: string,
  attributes: Record<string, string> = {},
  options: string[] = [],
) {
  const label = document.createElement('label');
  label.className = `field field-${type}`;
  const input =
    type === 'select' || type === 'textarea'
      ? document.createElement(type)
      : Object.assign(document.createElement('input'), { type });
  input.id = id;
  for (const [key, value] of Object.entries(attributes)) input.setAttribute(key, value);
  if (!(input instanceof HTMLSelectElement) && attributes.value !== undefined) input.value = attributes.value;
  for (const value of options) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = value;
    input.append(option);
  }
  const caption = document.createElement('span');
  caption.textContent = text;
  if (type === 'checkbox') label.append(input, caption);
  else label.append(caption, input);
  return { label, input };
}

/** A select of the store's layers, each by its title in the interface's language. */
export function layerSelect(id: string, text: string, collections: Collection[]) {
  const select = field(
    'select',
    id,
    text,
    {},
    collections.map((c) => c.id),
  );
  for (const option of (select.input as HTMLSelectElement).options) {
    option.textContent = collections.find((c) => c.id === option.value)?.titles[language()] ?? option.value;
  }
  return select;
}

export function list(items: Array<string | HTMLElement>): HTMLUListElement {
  const ul = document.createElement('ul');
  for (const item of items) {
    const li = document.createElement('li');
    li.append(item);
    ul.append(li);
  }
  return ul;
}

export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${(metres / 1000).toFixed(metres >= 10000 ? 0 : 1)} km` : `${Math.round(metres)} m`;
}

export function formatPct(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(1)}%`;
}

export function button(
  text: string,
  className: 'primary' | 'secondary' | 'danger',
  type: 'button' | 'submit' = 'button',
) {
  return Object.assign(document.createElement('button'), { type, className, textContent: text });
}

/** A place under a field for the server's word on it; empty (and hidden) until there is one. */
export function fieldNote(name: string): HTMLElement {
  const note = document.createElement('small');
  note.className = 'field-error';
  note.dataset.field = name;
  return note;
}

/**
 * Puts each of a refusal's invalid-params at the note of the field it names; what no note claims,
 * and a refusal that names no field, goes to `message`.
 */
export function showProblems(error: ApiError, notes: Record<string, HTMLElement>, message: HTMLElement) {
  const params = error.problem['invalid-params'] ?? [];
  const unclaimed: string[] = [];
  for (const { name, reason } of params) {
    const note = notes[name];
    if (note) note.textContent = note.textContent ? `${note.textContent}; ${reason}` : reason;
    else unclaimed.push(`${name}: ${reason}`);
  }
  message.textContent = params.length ? unclaimed.join(' ') : error.message;
}
