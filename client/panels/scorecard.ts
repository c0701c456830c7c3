import { ApiError, getJson, postJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import { field } from './form.ts';
import { oneAtATime } from './one-at-a-time.ts';
import { type AnalysisToolOptions, createProposals, PROPOSABLE_LAYERS, type ProposableLayer } from './proposals.ts';
import { scenarioCompare } from './scenario-compare.ts';
import { indicator, inScope, keyOf, type Row, type Scorecard } from './scorecard-rows.ts';

/**
 * The plan's indicators against the district profile's targets: met or not, how far, and what is
 * missing. A planner drops proposed facilities on the map (or opens a saved scenario) and reads every
 * indicator before → after; staff compare saved scenarios with now, side by side.
 */
export function scorecardTool({ overlay, titleOf, schemaOf, promoted }: AnalysisToolOptions) {
  const scope = field('select', 'scorecard-scope', t('scorecard.scope'));
  const kind = field('select', 'scorecard-propose', t('scorecard.propose'), {}, PROPOSABLE_LAYERS);
  for (const option of (kind.input as HTMLSelectElement).options) option.textContent = titleOf(option.value);
  const status = document.createElement('p');
  status.className = 'tool-status';
  const rowsElement = document.createElement('div');
  rowsElement.className = 'scorecard-rows';
  let answer: Scorecard | undefined;
  let before: Map<string, Row> | undefined;
  let open = false;
  let latest = 0;

  const proposals = createProposals({
    idPrefix: 'scorecard',
    kind: () => (kind.input as HTMLSelectElement).value as ProposableLayer,
    changed: () => void run(),
    promoted,
    overlay,
    schemaOf,
    titleOf,
  });
  const scopeName = () => (scope.input as HTMLSelectElement).value;
  const compare = scenarioCompare(scopeName, proposals.scenarioId);

  const show = () => {
    const rows = inScope(answer?.rows ?? [], scopeName());
    rowsElement.replaceChildren(
      ...rows.map((row) => indicator(row, before?.get(keyOf(row)), answer?.reasons, answer?.methods)),
    );
    compare.show();
  };
  scope.input.addEventListener('change', show);

  /** The district and its townships, as the rows have them: a district set up anew has others. */
  const fillScopes = (rows: Row[]) => {
    const select = scope.input as HTMLSelectElement;
    const townships = [...new Set(rows.filter((r) => r.scope.level === 'township').map((r) => r.scope.name))];
    const values = ['', ...townships];
    if (JSON.stringify([...select.options].map((o) => o.value)) === JSON.stringify(values)) return;
    const chosen = select.value;
    select.replaceChildren(...values.map((value) => new Option(value || t('scorecard.district'), value)));
    select.value = values.includes(chosen) ? chosen : '';
  };

  const summary = (now: Scorecard, was: Scorecard | undefined) => {
    const count = (key: 'met' | 'unmet') =>
      was && was.summary[key] !== now.summary[key] ? `${was.summary[key]} → ${now.summary[key]}` : now.summary[key];
    const pending = was ? ` · ${t('whatif.pending').replace('{n}', String(proposals.count()))}` : '';
    return `${t('scorecard.met')} ${count('met')} · ${t('scorecard.unmet')} ${count('unmet')}${pending}`;
  };

  /** The stored scorecard, or with the proposals laid over it, so each indicator shows before → after. */
  const run = oneAtATime(compute);
  async function compute() {
    compare.reset();
    const ticket = ++latest;
    status.textContent = t('tool.working');
    overlay.clear();
    proposals.draw();
    try {
      const proposed = proposals.body();
      const reply = proposed
        ? await postJson<{ before: Scorecard; after: Scorecard }>('/analysis/scorecard', { proposed })
        : { before: undefined, after: await getJson<Scorecard>('/analysis/scorecard') };
      if (ticket !== latest || !open) return;
      answer = reply.after;
      before = reply.before && new Map(reply.before.rows.map((r) => [keyOf(r), r]));
      fillScopes(answer.rows);
      status.textContent = summary(reply.after, reply.before);
      show();
    } catch (error) {
      if (ticket !== latest || !open) return;
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  }

  return {
    id: 'scorecard',
    render(container: HTMLElement) {
      open = true;
      container.append(scope.label, kind.label, proposals.element, compare.element, status, rowsElement);
      void proposals.refresh();
      void run();
    },
    open() {
      open = true;
      void proposals.refresh();
      void run();
    },
    close() {
      open = false;
      proposals.disarm();
      overlay.clear();
    },
    /** While dropping, a click on the map proposes a facility there and the indicators are computed again. */
    click: (coordinate: number[]) => open && proposals.click(coordinate),
  };
}
