import { ApiError, session } from '../api.ts';
import { language, t } from '../i18n/index.ts';
import { compareScenarios, listScenarios } from '../scenarios.ts';
import { button } from './form.ts';
import { format, formatChange, inScope, keyOf, mark, metClass, type Row, type Scorecard } from './scorecard-rows.ts';

/** One cell: the value and whether it meets the target, and beside now, the change. */
function cell(row: Row | undefined, now: Row | undefined): HTMLTableCellElement {
  const td = document.createElement('td');
  if (!row) {
    td.textContent = '—';
    return td;
  }
  td.className = `compare-cell ${metClass(row.met)}`;
  td.textContent = `${mark(row.met)} ${format(row.value, row.unit)}`;
  if (now && now !== row) {
    const change = formatChange(now.value, row.value, row.unit);
    if (change || now.met !== row.met) {
      td.classList.add('changed');
      const small = document.createElement('small');
      small.textContent = change || (row.met ? t('scorecard.met') : t('scorecard.unmet'));
      td.append(small);
    }
  }
  return td;
}

/**
 * Scenarios side by side with now (方案对比): every indicator of the chosen scope, now and with each
 * chosen scenario, met or not, and the change. Staff only, as scenarios are.
 */
export function scenarioCompare(scope: () => string, current: () => string | undefined) {
  const element = document.createElement('details');
  element.className = 'scenario-compare';
  element.hidden = !session.can('responder');
  const summary = document.createElement('summary');
  summary.textContent = t('compare.title');
  const choices = document.createElement('div');
  choices.className = 'compare-choices';
  const run = button(t('compare.run'), 'secondary');
  const status = Object.assign(document.createElement('p'), { className: 'compare-status' });
  const table = document.createElement('table');
  table.className = 'compare-table';
  element.append(summary, choices, run, status, table);
  let answer: { now: Scorecard; scenarios: { id: string; title: string; scorecard: Scorecard }[] } | undefined;

  /** The saved scenarios to choose from, the one open in the what-if ticked. */
  async function refresh() {
    const checked = current();
    const ticked = new Set([...choices.querySelectorAll('input:checked')].map((i) => (i as HTMLInputElement).value));
    if (checked) ticked.add(checked);
    const list = await listScenarios().catch(() => []);
    choices.replaceChildren(
      ...list.map((s) => {
        const label = document.createElement('label');
        const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: s.id });
        box.checked = ticked.has(s.id);
        label.append(box, ` ${s.title}`);
        return label;
      }),
    );
    run.hidden = list.length === 0;
    status.textContent = list.length === 0 ? t('compare.none') : '';
  }

  /** The table for the scope chosen in the scorecard. */
  function show() {
    if (!answer) return;
    const nowRows = inScope(answer.now.rows, scope());
    const byKey = answer.scenarios.map((s) => new Map(s.scorecard.rows.map((r) => [keyOf(r), r])));
    const head = table.createTHead();
    const top = document.createElement('tr');
    for (const text of [t('compare.indicator'), t('compare.now'), ...answer.scenarios.map((s) => s.title)]) {
      top.append(Object.assign(document.createElement('th'), { textContent: text }));
    }
    head.replaceChildren(top);
    const body = document.createElement('tbody');
    for (const now of nowRows) {
      const tr = body.insertRow();
      tr.dataset.indicator = now.id;
      tr.insertCell().textContent = now.label[language()];
      tr.append(cell(now, now), ...byKey.map((rows) => cell(rows.get(keyOf(now)), now)));
    }
    table.tBodies[0]?.remove();
    table.append(body);
  }

  element.addEventListener('toggle', () => {
    if (element.open) void refresh();
  });
  run.addEventListener('click', async () => {
    const ids = [...choices.querySelectorAll('input:checked')].map((i) => (i as HTMLInputElement).value);
    if (ids.length === 0) {
      status.textContent = t('compare.pick');
      return;
    }
    status.textContent = t('tool.working');
    try {
      answer = await compareScenarios<Scorecard>(ids);
      status.textContent = '';
      show();
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  });

  return {
    element,
    show,
    /** What the comparison showed may be out of date (a proposal promoted, a scenario saved): it goes. */
    reset() {
      answer = undefined;
      table.replaceChildren();
    },
  };
}
