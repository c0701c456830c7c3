/**
 * Siting (选址): where the next k shelters, broadcast terminals or cameras would add the most — the
 * API's greedy covering (`POST /analysis/siting`). The planner picks what to site, how many and how
 * far apart the candidates lie (and a shelter's kind, a terminal's or camera's range, a camera's
 * mast); the picks are drawn numbered 1..k with what each adds and the running total, each brought
 * into view on a click, and for cameras each pick's view and how it was measured (按地形视域 / 平面扇区).
 */
import type OlMap from 'ol/Map.js';
import { ApiError, type FieldSchema, postJson } from '../api.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { zoomToFeature } from '../map/zoom-to.ts';
import { button, field, formatPct } from './form.ts';
import { oneAtATime } from './one-at-a-time.ts';
import type { Tool } from './tools.ts';

type Target = 'shelters' | 'broadcast' | 'cameras';

interface Pick {
  position: [number, number];
  township: string | null;
  adds: number;
  total: number;
  totalPct: number | null;
}

interface SitingAnswer {
  unit: '人' | 'km²';
  before: number;
  beforePct: number | null;
  candidates: number;
  picks: Pick[];
  method?: 'viewshed' | 'sector';
  views?: object;
  why?: Record<string, string | undefined>;
  reasons?: Record<string, string>;
}

/** The shelter kinds a siting may ask for: the district profile's, as the shelters' schema names them. */
const SHELTER_KINDS = ['emergency', 'fixed', 'central'];

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
};

/** What a pick adds or the total comes to, in its unit. */
function amount(value: number, unit: SitingAnswer['unit']): string {
  return unit === 'km²' ? `${value.toFixed(2)} km²` : `${Math.round(value).toLocaleString()} ${t('siting.people')}`;
}

/** The figures of a siting: the share before → after the last pick, how it was measured, and each pick, a click bringing it into view. */
function resultsOf(a: SitingAnswer, map: OlMap): HTMLElement[] {
  const last = a.picks.at(-1);
  const headline = el('p', undefined, 'headline');
  const strong = el('strong', formatPct(last?.totalPct ?? a.beforePct));
  const method = a.method ? t(`coverage.method.${a.method}`) : '';
  headline.append(
    `${t(a.unit === 'km²' ? 'coverage.forest' : 'coverage.people')} ${formatPct(a.beforePct)} → `,
    strong,
  );
  const note = [`${a.candidates} ${t('siting.candidates')}`, method].filter(Boolean).join(' · ');
  const list = el('ol', undefined, 'siting-picks');
  for (const [i, p] of a.picks.entries()) {
    const item = el('li');
    const go = el('button', `${i + 1}. ${p.township ?? t('siting.outside')}`, 'link');
    go.type = 'button';
    go.dataset.pick = String(i + 1);
    go.addEventListener('click', () =>
      zoomToFeature(map, { type: 'Feature', geometry: { type: 'Point', coordinates: p.position }, properties: {} }),
    );
    const figures = `+${amount(p.adds, a.unit)} · ${t('siting.total')} ${formatPct(p.totalPct)}`;
    item.append(go, el('span', ` ${figures}`, 'note'));
    list.append(item);
  }
  const why = a.why?.beforePct ? (a.reasons?.[a.why.beforePct] ?? a.why.beforePct) : '';
  return [
    headline,
    el('p', note, 'coverage-note'),
    a.picks.length ? list : el('p', why || t('siting.none'), 'coverage-note'),
  ];
}

interface SitingForm {
  form: HTMLFormElement;
  /** Shows only the fields the chosen target reads, the range at that target's usual reach. */
  showFields(): void;
  /** The question the form asks, as `POST /analysis/siting` reads it. */
  request(): Record<string, unknown>;
  /** Names the shelter kinds as the shelters' schema names them in the reader's language. */
  nameKinds(schema: Record<string, FieldSchema>): void;
}

/** The form of a siting: what to site, how many, how far apart, and the target's own figures. */
function sitingForm(): SitingForm {
  const target = field('select', 'siting-target', t('siting.target'), {}, ['shelters', 'broadcast', 'cameras']);
  for (const option of (target.input as HTMLSelectElement).options)
    option.textContent = t(`coverage.${option.value}` as MessageKey);
  const kind = field('select', 'siting-kind', t('siting.kind'), {}, SHELTER_KINDS);
  (kind.input as HTMLSelectElement).value = 'fixed';
  const number = (id: string, text: string, value: string, min: string, max: string, step: string) =>
    field('number', `siting-${id}`, text, { value, min, max, step, inputmode: 'numeric' });
  const k = number('k', t('siting.k'), '3', '1', '20', '1');
  const spacing = number('spacing', t('siting.spacing'), '1000', '100', '10000', '100');
  const range = number('range', t('siting.range'), '5000', '100', '20000', '100');
  const mast = number('mast', t('siting.mast'), '30', '0', '200', '1');
  const form = el('form', undefined, 'siting-form');
  form.append(target.label, kind.label, k.label, spacing.label, range.label, mast.label);
  form.append(button(t('siting.run'), 'primary', 'submit'));

  const which = () => (target.input as HTMLSelectElement).value as Target;
  const showFields = () => {
    kind.label.hidden = which() !== 'shelters';
    range.label.hidden = which() === 'shelters';
    mast.label.hidden = which() !== 'cameras';
    (range.input as HTMLInputElement).value = which() === 'broadcast' ? '500' : '5000';
  };
  target.input.addEventListener('change', showFields);

  const request = () => {
    const value = (f: { input: HTMLElement }) => Number((f.input as HTMLInputElement).value);
    const body: Record<string, unknown> = { target: which(), k: value(k), spacing_m: value(spacing) };
    if (which() === 'shelters') body.kind = (kind.input as HTMLSelectElement).value;
    else body.range_m = value(range);
    if (which() === 'cameras') body.mast_height_m = value(mast);
    return body;
  };

  const nameKinds = (schema: Record<string, FieldSchema>) => {
    const labels = schema.kind?.['x-value-labels'] ?? {};
    for (const option of (kind.input as HTMLSelectElement).options)
      option.textContent = labels[option.value] ?? option.value;
  };
  return { form, showFields, request, nameKinds };
}

/** The picks numbered 1..k in the order picked, and what each would see (cameras); with no answer, nothing. */
function drawPicks(overlay: Overlay, answer: SitingAnswer | undefined): void {
  overlay.replace({ type: 'FeatureCollection', features: [] }, 'siteView');
  overlay.replace({ type: 'FeatureCollection', features: [] }, 'sitePick');
  if (!answer) return;
  if (answer.views) overlay.replace(answer.views, 'siteView');
  overlay.replace(
    {
      type: 'FeatureCollection',
      features: answer.picks.map((p, i) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: p.position },
        properties: { label: String(i + 1) },
      })),
    },
    'sitePick',
  );
}

/** The tool: the form, the latest answer's figures, and its picks drawn while the tool is open. */
export function sitingTool({
  map,
  overlay,
  schemaOf,
}: {
  map: OlMap;
  overlay: Overlay;
  schemaOf: (layerId: string) => Promise<Record<string, FieldSchema>>;
}): Tool {
  const siting = sitingForm();
  const status = el('p', undefined, 'tool-status');
  status.setAttribute('role', 'status');
  const results = el('div', undefined, 'tool-results siting-results');
  let answer: SitingAnswer | undefined;
  let open = false;
  const draw = () => drawPicks(overlay, open ? answer : undefined);

  const compute = oneAtATime(async () => {
    status.textContent = t('tool.working');
    results.replaceChildren();
    answer = undefined;
    draw();
    try {
      answer = await postJson<SitingAnswer>('/analysis/siting', siting.request());
      status.textContent = '';
      results.replaceChildren(...resultsOf(answer, map));
      results.dataset.method = answer.method ?? '';
      draw();
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  });
  siting.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void compute();
  });

  return {
    id: 'siting',
    render(container) {
      open = true;
      siting.showFields();
      container.append(el('p', t('siting.intro'), 'tool-intro'), siting.form, status, results);
      void schemaOf('shelters').then(siting.nameKinds);
    },
    open() {
      open = true;
      draw();
    },
    close() {
      open = false;
      draw();
    },
  };
}
