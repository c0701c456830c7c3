import { ApiError, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import {
  createScenario,
  fetchScenario,
  listScenarios,
  type Proposals,
  promoteProposal,
  type Scenario,
  type ScenarioSummary,
  saveScenario,
} from '../scenarios.ts';
import { button, field } from './form.ts';

export interface ScenarioBarOptions {
  /** Makes the inputs' ids unique among the tools. */
  idPrefix: string;
  /** The proposals on the map now, as a scenario stores them. */
  proposals: () => Proposals;
  count: () => number;
  /** A scenario was opened (or the picker went back to unsaved proposals): its proposals replace those shown. */
  load: (proposals: Proposals) => void;
  /** Whether the open scenario is saved and unchanged moved: the proposal form's promote button follows it. */
  changed: () => void;
}

/** A refusal in words: each field the API named with its reason, or its detail. */
function refusal(error: unknown): string {
  if (!(error instanceof ApiError)) return String(error);
  const params = error.problem['invalid-params'] ?? [];
  return params.length ? params.map((p) => `${p.name}: ${p.reason}`).join('; ') : error.message;
}

/**
 * Saving the what-if's proposals as a scenario (规划方案) and opening a saved one again: a picker of
 * the saved scenarios, the title and note, and a save that sends the revision it started from, so a
 * colleague's newer save is never overwritten silently. Staff read scenarios; planners save them.
 */
export function scenarioBar(options: ScenarioBarOptions) {
  const canWrite = session.can('planner');
  const picker = field('select', `${options.idPrefix}-scenario`, t('scenario.pick'));
  const select = picker.input as HTMLSelectElement;
  const title = field('text', `${options.idPrefix}-scenario-title`, t('scenario.title'), { maxlength: '200' });
  const note = field('textarea', `${options.idPrefix}-scenario-note`, t('scenario.note'), {
    rows: '2',
    maxlength: '2000',
  });
  const save = button(t('scenario.save'), 'secondary');
  save.classList.add('scenario-save');
  const message = Object.assign(document.createElement('p'), { className: 'form-message scenario-message' });
  const element = document.createElement('div');
  element.className = 'scenario-bar';
  element.append(picker.label, ...(canWrite ? [title.label, note.label, save] : []), message);

  let list: ScenarioSummary[] = [];
  let current: Scenario | undefined;
  let dirty = false;
  const titleInput = title.input as HTMLInputElement;
  const noteInput = note.input as HTMLTextAreaElement;

  const say = (text: string, ok = false) => {
    message.textContent = text;
    message.classList.toggle('ok', ok);
  };
  const paint = () => {
    save.textContent = current ? t('scenario.saveChanges') : t('scenario.save');
    save.hidden = !current && options.count() === 0;
    save.disabled = Boolean(current) && !dirty;
  };
  const update = () => {
    paint();
    options.changed();
  };
  const fill = () => {
    const counted = (s: ScenarioSummary) => Object.values(s.counts).reduce((n, c) => n + c, 0);
    select.replaceChildren(
      new Option(t('scenario.unsaved'), ''),
      ...list.map((s) => new Option(`${s.title} · ${t('scenario.count').replace('{n}', String(counted(s)))}`, s.id)),
    );
    select.value = current?.id ?? '';
  };
  const opened = (scenario: Scenario | undefined) => {
    current = scenario;
    dirty = false;
    titleInput.value = scenario?.title ?? '';
    noteInput.value = scenario?.note ?? '';
    options.load(scenario?.proposals ?? {});
    update();
  };

  async function refresh() {
    try {
      list = await listScenarios();
      fill();
    } catch (error) {
      say(refusal(error));
    }
  }

  async function open(id: string) {
    say('');
    if (!id) return opened(undefined);
    try {
      const scenario = await fetchScenario(id);
      opened(scenario);
      say(t('scenario.opened').replace('{title}', scenario.title).replace('{n}', String(scenario.revision)), true);
    } catch (error) {
      say(refusal(error));
      select.value = current?.id ?? '';
    }
  }

  /** A save refused because a colleague saved first: say who and when, and keep the planner's proposals. */
  async function explainStale() {
    const latest = current && (await fetchScenario(current.id).catch(() => undefined));
    const who = latest ? t('scenario.staleBy').replace('{user}', latest.updated_by) : '';
    say(
      t('scenario.stale')
        .replace('{who}', who)
        .replace('{n}', String(latest?.revision ?? '?')),
    );
  }

  save.addEventListener('click', async () => {
    const input = { title: titleInput.value.trim(), note: noteInput.value, proposals: options.proposals() };
    if (!input.title) {
      say(t('scenario.needsTitle'));
      titleInput.focus();
      return;
    }
    try {
      const saved = current ? await saveScenario(current.id, current.revision, input) : await createScenario(input);
      current = saved;
      dirty = false;
      say(t('scenario.saved').replace('{title}', saved.title).replace('{n}', String(saved.revision)), true);
      await refresh();
      update();
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) await explainStale();
      else say(refusal(error));
    }
  });
  select.addEventListener('change', () => void open(select.value));
  for (const input of [titleInput, noteInput]) input.addEventListener('input', () => edited());

  function edited() {
    dirty = true;
    update();
  }
  paint();

  return {
    element,
    refresh,
    current: () => current?.id,
    /** The proposals were changed by hand: the open scenario needs saving. */
    edited,
    /** Back to unsaved proposals, with nothing open. */
    close: () => opened(undefined),
    /** Undefined when this user may not promote; else why not now, or null when a proposal may be promoted. */
    promoteBlock(): string | null | undefined {
      if (!canWrite) return undefined;
      if (!current) return t('proposal.saveFirst');
      return dirty ? t('proposal.saveChanges') : null;
    },
    /** The proposal becomes a feature; the scenario as the server now has it replaces the one shown. */
    async promote(proposalId: string, planned: boolean) {
      if (!current) throw new Error(t('proposal.saveFirst'));
      try {
        const { feature, scenario } = await promoteProposal(current.id, current.revision, proposalId, planned);
        opened(scenario);
        await refresh();
        const word = planned ? t('proposal.promotedPlanned') : t('proposal.promotedBuilt');
        say(word.replace('{name}', String(feature.properties?.name ?? '')), true);
        return feature;
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          await explainStale();
          throw new Error(message.textContent ?? '');
        }
        throw new Error(refusal(error));
      }
    },
  };
}
