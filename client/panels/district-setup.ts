import type { MultiPolygon, Polygon } from 'geojson';
import type OlMap from 'ol/Map.js';
import { ApiError, getJson, postForm } from '../api.ts';
import { fill, language, type MessageKey, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { fitExtent } from '../map/zoom-to.ts';
import { button, field, fieldNote, list, showProblems } from './form.ts';

/**
 * The administrator's first-run screen, and later the way to replace the boundary: the district's
 * boundary file (townships and villages optional), its coordinate system, name, code and profile,
 * and whether to clear the demo. "Check" asks the server for a dry run and shows what it recognised,
 * the boundary drawn on the map; "Set up" writes the same form, and the map follows the district.
 */

type Words = { zh: string; en: string };
type Extent = [number, number, number, number];

/** What GET /district says the store is set up for. */
export interface DistrictState {
  district: { name: string; code: string | null; extent: Extent | null } | null;
  demo: boolean;
  setUp: boolean;
  profile: { name: Words; code: string | null };
  profiles: { code: string; name: Words }[];
}

/** The parts of the set-up's report (POST /district) the screen shows. */
export interface SetUpReport {
  district: { name: string; code: string; areaKm2: number; extent: Extent; geometry: Polygon | MultiPolygon };
  counts: { township: number; village: number };
  replaced: number;
  files: {
    filename: string;
    features: number;
    format: string;
    crs: { name: string };
    offset?: string;
    dataV: string[];
    crsGiven: boolean;
  }[];
  profile: { name: Words; code: string };
  previous: { name: string; demo: boolean } | null;
  warnings: Words[];
  dryRun: boolean;
}

const FILES = ['boundary', 'townships', 'villages'] as const;
const CRS = ['auto', 'wgs84', 'gcj02', 'bd09'];
const ACCEPT = '.json,.geojson,.zip,.kml,.kmz,.gpkg';

function fileLine(f: SetUpReport['files'][number]): string {
  const how =
    f.offset && f.dataV.length && !f.crsGiven
      ? fill('district.dataV', { marks: f.dataV.join(', '), offset: f.offset })
      : f.offset
        ? fill('district.offset', { offset: f.offset })
        : fill('district.crsOf', { crs: f.crs.name });
  return fill('district.file', { file: f.filename, n: f.features, format: `${f.format}; ${how}` });
}

/** The report as lines: the district, its areas, how each file was read, the profile, what it replaces. */
function reportLines(report: SetUpReport): string[] {
  const { district, counts, profile } = report;
  const lang = language();
  return [
    fill('district.summary', { name: district.name, code: district.code, area: Math.round(district.areaKm2) }),
    fill('district.extent', { extent: district.extent.map((v) => v.toFixed(3)).join(', ') }),
    fill('district.counts', { township: counts.township, village: counts.village, replaced: report.replaced }),
    ...report.files.map(fileLine),
    fill('district.usesProfile', { name: profile.name[lang], code: profile.code }),
    ...(report.previous ? [fill('district.previous', { name: report.previous.name })] : []),
    ...report.warnings.map((w) => fill('district.note', { text: w[lang] })),
  ];
}

function fileField(name: (typeof FILES)[number]) {
  const { label, input } = field('text', `district-${name}`, t(`district.${name}`));
  Object.assign(input, { type: 'file', accept: ACCEPT, title: t('district.files') });
  return { label, input: input as HTMLInputElement };
}

function selectField(id: string, text: string, options: [string, string][]) {
  const { label, input } = field('select', id, text);
  for (const [value, caption] of options) (input as HTMLSelectElement).append(new Option(caption, value));
  return { label, input: input as HTMLSelectElement };
}

/** The form's controls and a note under each for the server's word on it. */
function controls() {
  const files = Object.fromEntries(FILES.map((name) => [name, fileField(name)])) as Record<
    (typeof FILES)[number],
    ReturnType<typeof fileField>
  >;
  const crs = selectField(
    'district-crs',
    t('district.crs'),
    CRS.map((c) => [c, t(`district.crs.${c}` as MessageKey)]),
  );
  const name = field('text', 'district-name', t('district.name'), { placeholder: t('district.fromFile') });
  const code = field('text', 'district-code', t('district.code'), { placeholder: t('district.fromFile') });
  const profile = selectField('district-profile', t('district.profile'), [['', t('district.profile.byCode')]]);
  const clearDemo = field('checkbox', 'district-clear-demo', t('district.clearDemo'));
  const notes = Object.fromEntries(
    [...FILES, 'crs', 'name', 'code', 'profile', 'clear_demo', 'body'].map((n) => [n, fieldNote(n)]),
  );
  return {
    files,
    crs,
    name: name as { label: HTMLLabelElement; input: HTMLInputElement },
    code: code as { label: HTMLLabelElement; input: HTMLInputElement },
    profile,
    clearDemo: clearDemo as { label: HTMLLabelElement; input: HTMLInputElement },
    notes,
  };
}

type Controls = ReturnType<typeof controls>;

function formData(c: Controls): FormData {
  const data = new FormData();
  for (const name of FILES) {
    const file = c.files[name].input.files?.[0];
    if (file) data.append(name, file, file.name);
  }
  data.append('crs', c.crs.input.value);
  for (const [key, input] of [
    ['name', c.name.input],
    ['code', c.code.input],
    ['profile', c.profile.input],
  ] as const) {
    if (input.value.trim()) data.append(key, input.value.trim());
  }
  data.append('clear_demo', String(c.clearDemo.input.checked));
  return data;
}

/** What the store holds now, in a sentence above the form. */
function stateLine(state: DistrictState): string {
  if (state.setUp && state.district) {
    return fill('district.current', { name: state.district.name, code: state.district.code ?? '' });
  }
  return state.district ? fill('district.demo', { name: state.district.name }) : t('district.empty');
}

export interface DistrictSetupOptions {
  map: OlMap;
  overlay: Overlay;
  /** Hears of a district set up, so the map, the title and the tools follow it. */
  setUp(report: SetUpReport): Promise<void>;
}

export function districtSetupSection({ map, overlay, setUp }: DistrictSetupOptions) {
  const element = document.createElement('form');
  element.className = 'district-setup';
  const heading = Object.assign(document.createElement('h3'), { textContent: t('district.heading') });
  const intro = Object.assign(document.createElement('p'), { className: 'district-state' });
  const c = controls();
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  message.setAttribute('role', 'status');
  const result = Object.assign(document.createElement('div'), { className: 'district-report' });
  const check = button(t('district.check'), 'secondary', 'submit');
  const confirm = button(t('district.confirm'), 'primary');
  confirm.disabled = true;
  const actions = Object.assign(document.createElement('div'), { className: 'actions' });
  actions.append(check, confirm);
  const withNote = (label: HTMLElement, name: string) => [label, c.notes[name]];
  element.append(
    heading,
    intro,
    ...FILES.flatMap((name) => withNote(c.files[name].label, name)),
    ...withNote(c.crs.label, 'crs'),
    ...withNote(c.name.label, 'name'),
    ...withNote(c.code.label, 'code'),
    ...withNote(c.profile.label, 'profile'),
    ...withNote(c.clearDemo.label, 'clear_demo'),
    c.notes.body,
    actions,
    message,
    result,
  );

  let profiles: DistrictState['profiles'] = [];
  const say = (text: string, ok = false) => {
    message.textContent = text;
    message.classList.toggle('ok', ok);
  };
  const reset = () => {
    for (const note of Object.values(c.notes)) note.textContent = '';
    say('');
  };
  // Any change after a check makes the check stale: confirm only what was checked.
  element.addEventListener('change', () => {
    if (confirm.disabled) return;
    confirm.disabled = true;
    say(t('district.changed'));
  });

  const show = (report: SetUpReport) => {
    result.replaceChildren(
      Object.assign(document.createElement('p'), { textContent: report.dryRun ? t('district.checked') : '' }),
      list(reportLines(report)),
    );
    const outline = {
      type: 'Feature',
      properties: { label: report.district.name },
      geometry: report.district.geometry,
    };
    overlay.replace({ type: 'FeatureCollection', features: [outline] }, 'added');
    fitExtent(map, report.district.extent, 300);
    if (!c.name.input.value) c.name.input.value = report.district.name;
    if (!c.code.input.value) c.code.input.value = report.district.code;
    if (!c.profile.input.value && profiles.some((p) => p.code === report.district.code)) {
      c.profile.input.value = report.district.code;
    }
  };

  const send = async (dryRun: boolean): Promise<SetUpReport | undefined> => {
    reset();
    if (!c.files.boundary.input.files?.length) {
      c.notes.boundary.textContent = t('district.pickBoundary');
      return undefined;
    }
    check.disabled = true;
    confirm.disabled = true;
    say(t('tool.working'));
    try {
      return await postForm<SetUpReport>(`/district${dryRun ? '?dry_run=true' : ''}`, formData(c));
    } catch (error) {
      if (error instanceof ApiError) showProblems(error, c.notes, message);
      else say(String(error));
      return undefined;
    } finally {
      check.disabled = false;
    }
  };

  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    const report = await send(true);
    if (!report) return;
    show(report);
    say('');
    confirm.disabled = false;
  });
  confirm.addEventListener('click', async () => {
    const report = await send(false);
    if (!report) return;
    show(report);
    overlay.clear();
    await setUp(report);
    say(fill('district.done', { name: report.district.name }), true);
    await refresh();
  });

  async function refresh(): Promise<void> {
    const state = await getJson<DistrictState>('/district');
    profiles = state.profiles;
    intro.textContent = stateLine(state);
    const chosen = c.profile.input.value;
    c.profile.input.replaceChildren(new Option(t('district.profile.byCode'), ''));
    for (const p of profiles) c.profile.input.append(new Option(`${p.name[language()]} (${p.code})`, p.code));
    c.profile.input.value = chosen;
    c.clearDemo.label.hidden = !state.demo;
  }

  return { element, refresh };
}
