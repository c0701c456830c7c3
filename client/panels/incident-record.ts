import type { Feature as GeoFeature, Point } from 'geojson';
import { chinaMinute } from '../../catalog/china-time.ts';
import {
  type DeadlineState,
  INCIDENT_KINDS,
  INCIDENT_LEVELS,
  INCIDENT_STAGES,
  type IncidentStage,
  STAGE_LABELS,
} from '../../catalog/incidents.ts';
import { ApiError, getFile, getJson, postJson, session } from '../api.ts';
import { fill, language, type MessageKey, midSentence, t } from '../i18n/index.ts';
import { button, field, fieldNote, formatDistance, showProblems } from './form.ts';
import { type AroundAnswer, groupCount } from './incident-list.ts';

/**
 * An incident on record as the duty room reads and writes it: its reporting clocks, its timeline
 * (接报 → 研判 → 调度 → 续报 → 终报) with what was attached and sent, and a form for the next entry; and
 * the form that records a new incident at a place clicked on the map.
 */

/** What the timeline reads of attached results: the around counts, or the nearest list. */
interface AttachedResult {
  groups?: AroundAnswer['groups'];
  layer?: string;
  /** How the nearest list was ranked: `road` (each with its drive's seconds) or `straight`. */
  method?: string;
  results?: { id: string; name: string; duration_s?: number }[];
}

interface Entry {
  seq: number;
  stage: IncidentStage;
  text: string;
  report: 'phone' | 'written' | null;
  level: number | null;
  dispatched: {
    layer: string;
    id: string;
    name: string | null;
    distance_m: number;
    geometry: Point;
    /** By road when the district has roads; null when no open road connects. */
    road?: { duration_s: number; distance_m: number } | null;
  } | null;
  attachment: { kind: 'around' | 'nearest'; request: Record<string, unknown>; result: AttachedResult } | null;
  written_by: string;
  written_at: string;
}

interface Deadline {
  report: 'phone' | 'written';
  minutes: number;
  due_at: string;
  state: DeadlineState;
}

export interface IncidentRecord {
  id: string;
  title: string;
  kind: keyof typeof INCIDENT_KINDS;
  level: 1 | 2 | 3 | 4;
  geometry: Point;
  reported_at: string;
  reporter: string;
  status: 'open' | 'closed';
  entries?: Entry[];
  deadlines: Deadline[];
}

interface RecordContext {
  titleOf(layerId: string): string;
  /** Zooms to a feature of a layer and opens it. */
  show(layerId: string, feature: GeoFeature): void;
  /** The incident was written to: the screens showing it redraw. */
  changed(incident: IncidentRecord): void;
}

const kindLabel = (kind: keyof typeof INCIDENT_KINDS) => INCIDENT_KINDS[kind]?.[language()] ?? kind;

/** A clock: the deadline and where it stands, coloured by its state. */
export function clock(deadline: Deadline): HTMLElement {
  const span = document.createElement('span');
  span.className = `clock clock-${deadline.state}`;
  span.dataset.state = deadline.state;
  const state =
    deadline.state === 'pending'
      ? fill('deadline.pending', { time: chinaMinute(deadline.due_at).slice(11) })
      : t(`deadline.${deadline.state}`);
  span.textContent = `${fill(`deadline.${deadline.report}`, { minutes: deadline.minutes })}: ${state}`;
  return span;
}

/** One line of the timeline: the stage, the words, what was attached or sent, who and when. */
function entryItem(entry: Entry, ctx: RecordContext): HTMLElement {
  const item = document.createElement('div');
  item.className = `entry entry-${entry.stage}`;
  const head = document.createElement('strong');
  head.textContent = STAGE_LABELS[entry.stage][language()];
  const text = document.createElement('span');
  const reported = entry.report
    ? ` · ${t(entry.report === 'phone' ? 'incidents.reportPhone' : 'incidents.reportWritten')}`
    : '';
  const level = entry.level ? ` · ${INCIDENT_LEVELS[entry.level as 1][language()]}` : '';
  text.textContent = ` ${entry.text}${level}${reported}`;
  const by = document.createElement('small');
  by.textContent = fill('incidents.writtenBy', { who: entry.written_by, time: chinaMinute(entry.written_at) });
  item.append(head, text);
  const sent = entry.dispatched;
  if (sent) {
    const words = {
      layer: midSentence(ctx.titleOf(sent.layer)),
      name: sent.name ?? '',
      distance: formatDistance(sent.distance_m),
    };
    const link = button(
      sent.road === undefined
        ? fill('incidents.sent', words)
        : sent.road === null
          ? fill('incidents.sentNoRoad', words)
          : fill('incidents.sentByRoad', {
              ...words,
              minutes: Math.max(1, Math.round(sent.road.duration_s / 60)),
              road: formatDistance(sent.road.distance_m),
            }),
      'secondary',
    );
    link.addEventListener('click', () =>
      ctx.show(sent.layer, { type: 'Feature', id: sent.id, geometry: sent.geometry, properties: { name: sent.name } }),
    );
    item.append(link);
  }
  const attached = entry.attachment;
  if (attached) {
    const note = document.createElement('p');
    note.className = 'attached';
    note.textContent =
      attached.kind === 'around'
        ? fill('incidents.attachedAround', {
            km: String(attached.request.radius_km ?? ''),
            risks: groupCount(attached.result.groups, 'risks'),
            resources: groupCount(attached.result.groups, 'resources'),
            protected: groupCount(attached.result.groups, 'protected'),
          })
        : fill(attached.result.method === 'road' ? 'incidents.attachedNearestByRoad' : 'incidents.attachedNearest', {
            n: attached.result.results?.length ?? 0,
            layer: midSentence(ctx.titleOf(String(attached.result.layer ?? ''))),
          });
    item.append(note);
  }
  item.append(by);
  return item;
}

/** What a dispatch may send: the resources of the nearest-resource results attached to the incident. */
function dispatchable(entries: Entry[]): Dispatchable[] {
  const seen = new Map<string, Dispatchable>();
  for (const entry of entries) {
    if (entry.attachment?.kind !== 'nearest') continue;
    const layer = String(entry.attachment.result.layer);
    for (const r of entry.attachment.result.results ?? [])
      seen.set(r.id, { layer, id: r.id, name: r.name, durationS: r.duration_s });
  }
  return [...seen.values()];
}

interface Dispatchable {
  layer: string;
  id: string;
  name: string;
  /** The drive as the attached answer ranked it by road, when it did. */
  durationS?: number;
}

/** The form of the next entry: the stages the timeline takes now, a resource to send, a report upward. */
function entryForm(incident: IncidentRecord, ctx: RecordContext): HTMLElement {
  const form = document.createElement('form');
  form.className = 'entry-form';
  const written = (incident.entries ?? []).map((e) => e.stage);
  const stages = INCIDENT_STAGES.filter((s) => (written.length === 0 ? s === 'first_report' : s !== 'first_report'));
  const stage = field('select', `entry-stage-${incident.id}`, t('incidents.stage'), {}, [...stages]);
  for (const option of (stage.input as HTMLSelectElement).options)
    option.textContent = STAGE_LABELS[option.value as IncidentStage][language()];
  const text = field('textarea', `entry-text-${incident.id}`, t('incidents.entryText'), { rows: '2' });
  const report = field('select', `entry-report-${incident.id}`, t('incidents.reportUp'), {}, ['', 'phone', 'written']);
  const reportNames: Record<string, MessageKey> = {
    '': 'incidents.reportNone',
    phone: 'incidents.reportPhone',
    written: 'incidents.reportWritten',
  };
  for (const option of (report.input as HTMLSelectElement).options) option.textContent = t(reportNames[option.value]);
  const resources = dispatchable(incident.entries ?? []);
  const send = field(
    'select',
    `entry-dispatch-${incident.id}`,
    t('incidents.dispatchWhat'),
    {},
    resources.map((r) => r.id),
  );
  for (const [i, option] of [...(send.input as HTMLSelectElement).options].entries())
    option.textContent = [
      ctx.titleOf(resources[i].layer),
      resources[i].name,
      ...(resources[i].durationS === undefined
        ? []
        : [fill('incidents.minutesByRoad', { n: Math.max(1, Math.round((resources[i].durationS as number) / 60)) })]),
    ].join(' · ');
  const none = document.createElement('small');
  none.textContent = t('incidents.noDispatchable');
  const showSend = () => {
    const dispatching = (stage.input as HTMLSelectElement).value === 'dispatch';
    send.label.hidden = !dispatching || resources.length === 0;
    none.hidden = !dispatching || resources.length > 0;
  };
  stage.input.addEventListener('change', showSend);
  showSend();
  const notes = { stage: fieldNote('stage'), text: fieldNote('text'), dispatch: fieldNote('dispatch') };
  const message = document.createElement('p');
  message.className = 'tool-status';
  const submit = button(t('incidents.addEntry'), 'primary', 'submit');
  form.append(
    stage.label,
    notes.stage,
    text.label,
    notes.text,
    report.label,
    send.label,
    none,
    notes.dispatch,
    submit,
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const note of Object.values(notes)) note.textContent = '';
    const chosen = (stage.input as HTMLSelectElement).value as IncidentStage;
    const body: Record<string, unknown> = { stage: chosen, text: (text.input as HTMLTextAreaElement).value };
    const up = (report.input as HTMLSelectElement).value;
    if (up) body.report = up;
    const picked = resources.find((r) => r.id === (send.input as HTMLSelectElement).value);
    if (chosen === 'dispatch' && picked) body.dispatch = { layer: picked.layer, id: picked.id };
    try {
      ctx.changed(await postJson<IncidentRecord>(`/incidents/${incident.id}/entries`, body));
    } catch (error) {
      if (error instanceof ApiError) showProblems(error, notes, message);
      else message.textContent = String(error);
    }
  });
  return form;
}

/** Opens a file staff read with their token: as a download, or in a new tab (a page to print). */
async function openFile(path: string, name: string, asDownload: boolean): Promise<void> {
  const url = URL.createObjectURL(await getFile(path));
  if (asDownload) {
    Object.assign(document.createElement('a'), { href: url, download: name }).click();
  } else {
    window.open(url, '_blank');
  }
  // The tab or the download has the bytes by then; the object URL is let go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** 报告 (PDF) and its printable page: the 周边分析报告 of the incident as it stands. */
function reportActions(incident: IncidentRecord): HTMLElement {
  const box = document.createElement('div');
  box.className = 'report-actions';
  const message = document.createElement('p');
  message.className = 'tool-status';
  const failed = (error: unknown) => {
    message.textContent = error instanceof ApiError ? error.message : String(error);
  };
  const pdf = button(t('incidents.reportPdf'), 'secondary');
  pdf.classList.add('report-pdf');
  pdf.addEventListener('click', () =>
    openFile(`/incidents/${incident.id}/report.pdf`, `${incident.title}-${t('incidents.reportName')}.pdf`, true).catch(
      failed,
    ),
  );
  const page = button(t('incidents.reportPrint'), 'secondary');
  page.classList.add('report-print');
  page.addEventListener('click', () =>
    openFile(`/incidents/${incident.id}/report.html`, `${incident.title}.html`, false).catch(failed),
  );
  box.append(pdf, page, message);
  return box;
}

/** The incident: its heading, clocks, link, timeline and, while open, the form of the next entry. */
export function renderIncident(container: HTMLElement, incident: IncidentRecord, ctx: RecordContext): void {
  const heading = document.createElement('h3');
  heading.textContent = `${incident.title} · ${t(incident.status === 'open' ? 'incidents.open' : 'incidents.closed')}`;
  const facts = document.createElement('p');
  facts.textContent = [
    kindLabel(incident.kind),
    INCIDENT_LEVELS[incident.level][language()],
    fill('incidents.reportedAt', { time: chinaMinute(incident.reported_at) }),
    incident.reporter,
  ].join(' · ');
  const clocks = document.createElement('div');
  clocks.className = 'clocks';
  clocks.append(...incident.deadlines.map(clock));
  const link = document.createElement('a');
  link.href = `/?incident=${incident.id}`;
  link.className = 'incident-link';
  link.textContent = t('incidents.link');
  const timeline = document.createElement('div');
  timeline.className = 'timeline';
  const title = document.createElement('h4');
  title.textContent = t('incidents.timeline');
  timeline.append(title, ...(incident.entries ?? []).map((e) => entryItem(e, ctx)));
  container.replaceChildren(heading, facts, clocks, link, reportActions(incident), timeline);
  if (incident.status === 'open') container.append(entryForm(incident, ctx));
}

/** Reads an incident for a screen; undefined when there is none of that id. */
export async function fetchIncident(id: string): Promise<IncidentRecord | undefined> {
  try {
    return await getJson<IncidentRecord>(`/incidents/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return undefined;
    throw error;
  }
}

/** The form that records an incident at a place: title, kind, level, who reported it, the first report. */
export function newIncidentForm(
  at: [number, number],
  done: (incident: IncidentRecord | undefined) => void,
): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'incident-form';
  const place = document.createElement('p');
  place.textContent = `${t('incidents.place')}: ${at[0].toFixed(5)}, ${at[1].toFixed(5)}`;
  const title = field('text', 'new-incident-title', t('incidents.title'), { maxlength: '200' });
  const kind = field('select', 'new-incident-kind', t('incidents.kind'), {}, Object.keys(INCIDENT_KINDS));
  for (const option of (kind.input as HTMLSelectElement).options)
    option.textContent = kindLabel(option.value as keyof typeof INCIDENT_KINDS);
  const level = field('select', 'new-incident-level', t('incidents.level'), {}, ['4', '3', '2', '1']);
  for (const option of (level.input as HTMLSelectElement).options)
    option.textContent = INCIDENT_LEVELS[Number(option.value) as 1][language()];
  const reporter = field('text', 'new-incident-reporter', t('incidents.reporter'), { maxlength: '200' });
  // The officer on duty is who reports it unless they write otherwise (a 110 transfer, a caller).
  (reporter.input as HTMLInputElement).value = session.user()?.display_name ?? '';
  const text = field('textarea', 'new-incident-text', t('incidents.text'), { rows: '3' });
  const notes = { title: fieldNote('title'), reporter: fieldNote('reporter'), text: fieldNote('text') };
  const message = document.createElement('p');
  message.className = 'tool-status';
  const cancel = button(t('incidents.cancel'), 'secondary');
  cancel.addEventListener('click', () => done(undefined));
  form.append(
    place,
    title.label,
    notes.title,
    kind.label,
    level.label,
    reporter.label,
    notes.reporter,
    text.label,
    notes.text,
    button(t('incidents.create'), 'primary', 'submit'),
    cancel,
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const note of Object.values(notes)) note.textContent = '';
    try {
      const created = await postJson<IncidentRecord>('/incidents', {
        title: (title.input as HTMLInputElement).value,
        kind: (kind.input as HTMLSelectElement).value,
        level: Number((level.input as HTMLSelectElement).value),
        at,
        reporter: (reporter.input as HTMLInputElement).value,
        text: (text.input as HTMLTextAreaElement).value,
      });
      done(created);
    } catch (error) {
      if (error instanceof ApiError) showProblems(error, notes, message);
      else message.textContent = String(error);
    }
  });
  return form;
}
