import type { Feature as GeoFeature } from 'geojson';
import type { FieldSchema } from '../api.ts';
import { t } from '../i18n/index.ts';
import { button } from './form.ts';

/** The parameters a planner refines on each kind of proposal, beside its name: what moves the figures. */
export const PARAMETERS: Record<string, string[]> = {
  shelters: ['kind', 'capacity', 'effective_area_m2'],
  cameras: ['mast_height_m', 'range_m', 'heading_deg', 'fov_deg'],
  broadcast_terminals: ['range_m'],
  fire_stations: ['kind'],
};

export interface ProposalFormOptions {
  /** Makes the inputs' ids unique among the tools. */
  idPrefix: string;
  schemaOf: (layerId: string) => Promise<Record<string, FieldSchema>>;
  titleOf: (layerId: string) => string;
  apply: (id: string, properties: Record<string, unknown>) => void;
  remove: (id: string) => void;
  close: () => void;
  /** Undefined when this user may not promote; else why it cannot be done now, or null when it can. */
  promoteBlock: () => string | null | undefined;
  /** Writes the proposal as a feature of its layer; rejects with a message to show. */
  promote: (id: string, planned: boolean) => Promise<void>;
}

/** One input for a field, labelled and bounded as the layer's schema says. */
function input(idPrefix: string, name: string, schema: FieldSchema | undefined, value: unknown) {
  const label = document.createElement('label');
  label.className = 'field proposal-field';
  label.dataset.field = name;
  const caption = document.createElement('span');
  caption.textContent = schema?.['x-unit'] ? `${schema.title}(${schema['x-unit']})` : (schema?.title ?? name);
  const labels = schema?.['x-value-labels'];
  let element: HTMLInputElement | HTMLSelectElement;
  if (labels) {
    element = document.createElement('select');
    for (const [key, text] of Object.entries(labels)) element.append(new Option(text, key));
    element.value = value === null || value === undefined ? '' : String(value);
  } else {
    const types = [schema?.type].flat();
    const numeric = types.includes('number') || types.includes('integer');
    element = Object.assign(document.createElement('input'), { type: numeric ? 'number' : 'text' });
    if (numeric) {
      element.step = types.includes('integer') ? '1' : 'any';
      if (schema?.minimum !== undefined) element.min = String(schema.minimum);
      if (schema?.maximum !== undefined) element.max = String(schema.maximum);
    }
    element.value = value === null || value === undefined ? '' : String(value);
  }
  element.id = `${idPrefix}-proposal-${name}`;
  element.name = name;
  label.append(caption, element);
  return { label, element, numeric: element instanceof HTMLInputElement && element.type === 'number' };
}

/**
 * The small form under the what-if that edits one proposal: its name and the parameters that move the
 * figures (a shelter's type, capacity and effective area; a camera's height, range, heading and field
 * of view; a terminal's range). Applying recomputes the figures; nothing is stored. A planner may also
 * promote the proposal of a saved scenario to a feature of its layer, after a confirmation.
 */
export function proposalForm(options: ProposalFormOptions) {
  const form = document.createElement('form');
  form.className = 'proposal-form';
  form.hidden = true;
  const heading = document.createElement('h3');
  const fields = document.createElement('div');
  const apply = button(t('proposal.apply'), 'primary', 'submit');
  const remove = button(t('proposal.remove'), 'secondary');
  const close = button(t('proposal.close'), 'secondary');
  const promote = button(t('proposal.promote'), 'secondary');
  promote.classList.add('promote');
  const hint = Object.assign(document.createElement('p'), { className: 'promote-hint' });
  const confirm = document.createElement('div');
  confirm.className = 'promote-confirm';
  confirm.hidden = true;
  const question = document.createElement('p');
  const asBuilt = button(t('proposal.confirmBuilt'), 'primary');
  const asPlanned = button(t('proposal.confirmPlanned'), 'secondary');
  const cancel = button(t('proposal.cancel'), 'secondary');
  confirm.append(question, asBuilt, asPlanned, cancel);
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  const actions = document.createElement('div');
  actions.className = 'proposal-actions';
  actions.append(apply, remove, close, promote);
  form.append(heading, fields, actions, hint, confirm, message);

  let current: { layer: string; feature: GeoFeature } | undefined;
  let inputs: ReturnType<typeof input>[] = [];
  let ticket = 0;

  const showPromote = () => {
    const block = options.promoteBlock();
    promote.hidden = block === undefined;
    promote.disabled = Boolean(block);
    hint.textContent = block ?? '';
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!current) return;
    const properties: Record<string, unknown> = {};
    for (const { element, numeric } of inputs) {
      const text = element.value.trim();
      properties[element.name] = text === '' ? null : numeric ? Number(text) : text;
    }
    options.apply(String(current.feature.id), properties);
  });
  remove.addEventListener('click', () => current && options.remove(String(current.feature.id)));
  close.addEventListener('click', () => options.close());
  promote.addEventListener('click', () => {
    if (!current) return;
    question.textContent = t('proposal.confirm')
      .replace('{name}', String(current.feature.properties?.name ?? ''))
      .replace('{layer}', options.titleOf(current.layer));
    confirm.hidden = false;
  });
  cancel.addEventListener('click', () => {
    confirm.hidden = true;
  });
  const promoteAs = (planned: boolean) => async () => {
    if (!current) return;
    message.textContent = '';
    try {
      await options.promote(String(current.feature.id), planned);
    } catch (error) {
      message.textContent = error instanceof Error ? error.message : String(error);
    }
  };
  asBuilt.addEventListener('click', promoteAs(false));
  asPlanned.addEventListener('click', promoteAs(true));

  return {
    element: form,
    /** Shows one proposal's fields; an answer for an earlier one arriving late is dropped. */
    async show(layer: string, feature: GeoFeature) {
      const mine = ++ticket;
      current = { layer, feature };
      const schema = await options.schemaOf(layer).catch(() => ({}) as Record<string, FieldSchema>);
      if (mine !== ticket) return;
      heading.textContent = `${options.titleOf(layer)} · ${t('proposal.heading')}`;
      inputs = ['name', ...(PARAMETERS[layer] ?? [])].map((name) =>
        input(options.idPrefix, name, schema[name], feature.properties?.[name]),
      );
      fields.replaceChildren(...inputs.map((i) => i.label));
      confirm.hidden = true;
      message.textContent = '';
      showPromote();
      form.hidden = false;
    },
    hide() {
      ticket++;
      current = undefined;
      form.hidden = true;
    },
    /** The proposal shown, if any. */
    shown: () => (current ? String(current.feature.id) : undefined),
    /** Whether promoting is possible changed (saved, edited, signed in). */
    refresh: showPromote,
  };
}
