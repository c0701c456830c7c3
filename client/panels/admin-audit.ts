import type { Feature as GeoFeature } from 'geojson';
import type OlMap from 'ol/Map.js';
import { chinaDayStart, chinaMinute } from '../../catalog/china-time.ts';
import { ApiError, type Collection, type FieldSchema, getJson, nextPage } from '../api.ts';
import { t } from '../i18n/index.ts';
import { type Overlay, REVIEW_COLOURS } from '../map/overlay.ts';
import { zoomToFeature } from '../map/zoom-to.ts';
import { changedFields, fieldChanges } from './field-changes.ts';
import { button, field, fieldNote, showProblems } from './form.ts';

/** One change as `GET /audit` lists it. */
interface AuditEntry {
  id: number;
  layer: string;
  feature_id: string;
  revision: number;
  action: 'create' | 'update' | 'delete';
  changed_by: string;
  changed_at: string;
  before: GeoFeature | null;
  after: GeoFeature | null;
}

interface AuditPage {
  entries: AuditEntry[];
  numberMatched: number;
  links: { rel: string; href: string }[];
}

// A created feature is marked as the publisher's review marks an added one, and so on.
const REVIEW_KIND = { create: 'added', update: 'changed', delete: 'removed' } as const;
const PAGE = 50;
export interface AuditOptions {
  map: OlMap;
  overlay: Overlay;
  collections: Collection[];
  titleOf: (layerId: string) => string;
  schemaOf: (layerId: string) => Promise<Record<string, FieldSchema>>;
}

/**
 * The administrators' audit: every change to every layer, newest first, filtered by layer, user
 * and China calendar days; who, when, what and, for an update, each field before → after. An entry
 * with a shape zooms the map to it and marks it there.
 */
export function auditSection({ map, overlay, collections, titleOf, schemaOf }: AuditOptions) {
  const element = document.createElement('div');
  element.className = 'tool-results admin-audit';

  const form = document.createElement('form');
  form.className = 'audit-filters';
  const layer = field('select', 'audit-layer', t('audit.layer'), {}, ['', ...collections.map((c) => c.id)]);
  for (const option of (layer.input as HTMLSelectElement).options) {
    option.textContent = option.value ? titleOf(option.value) : t('audit.allLayers');
  }
  const user = field('text', 'audit-user', t('audit.user'), { list: 'audit-users', autocomplete: 'off' });
  const usernames = Object.assign(document.createElement('datalist'), { id: 'audit-users' });
  const since = field('date', 'audit-since', t('audit.since'));
  const until = field('date', 'audit-until', t('audit.until'));
  const notes = {
    layer: fieldNote('layer'),
    user: fieldNote('user'),
    since: fieldNote('since'),
    until: fieldNote('until'),
  };
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  form.append(
    layer.label,
    notes.layer,
    user.label,
    usernames,
    notes.user,
    since.label,
    notes.since,
    until.label,
    notes.until,
    button(t('audit.search'), 'primary', 'submit'),
    message,
  );

  const count = Object.assign(document.createElement('p'), { className: 'tool-status audit-count' });
  const list = Object.assign(document.createElement('ul'), { className: 'audit-entries' });
  const more = button(t('audit.more'), 'secondary');
  more.classList.add('audit-more');
  more.hidden = true;
  element.append(form, count, list, more);

  let next: string | undefined;
  // Only the latest request may draw: a slow page must not land after a newer search.
  let latest = 0;

  function firstPage(): string {
    const value = (input: HTMLElement) => (input as HTMLInputElement).value.trim();
    const params = new URLSearchParams();
    if (value(layer.input)) params.set('layer', value(layer.input));
    if (value(user.input)) params.set('user', value(user.input));
    if (value(since.input)) params.set('since', chinaDayStart(value(since.input)));
    // The last day counts whole: up to the start of the day after it.
    if (value(until.input)) params.set('until', chinaDayStart(value(until.input), 1));
    params.set('limit', String(PAGE));
    return `/audit?${params}`;
  }

  function show(entry: AuditEntry, feature: GeoFeature, name: string) {
    overlay.clear();
    if (entry.before?.geometry && entry.after?.geometry && changedFields(entry.before, entry.after)[0] === 'geometry') {
      overlay.add(entry.before, 'before');
    }
    overlay.add({ ...feature, properties: { label: name } }, REVIEW_KIND[entry.action]);
    zoomToFeature(map, feature);
  }

  function entryItem(entry: AuditEntry, schema: Record<string, FieldSchema> | undefined): HTMLLIElement {
    const kind = REVIEW_KIND[entry.action];
    const item = document.createElement('li');
    item.className = `audit-entry review-entry review-${kind}`;
    item.dataset.id = String(entry.id);
    item.style.setProperty('--review-colour', REVIEW_COLOURS[kind]);
    const meta = Object.assign(document.createElement('div'), {
      className: 'audit-meta',
      textContent: `${chinaMinute(entry.changed_at)} · ${entry.changed_by} · ${t(`audit.${entry.action}`)}`,
    });
    const feature = entry.after ?? entry.before;
    const name = String(feature?.properties?.name ?? entry.feature_id);
    const what = Object.assign(document.createElement(feature?.geometry ? 'button' : 'div'), { className: 'result' });
    what.append(
      Object.assign(document.createElement('span'), { className: 'audit-layer', textContent: titleOf(entry.layer) }),
      Object.assign(document.createElement('span'), { className: 'audit-name', textContent: name }),
    );
    if (feature?.geometry) {
      (what as HTMLButtonElement).type = 'button';
      what.addEventListener('click', () => show(entry, feature, name));
    }
    item.append(meta, what);
    if (entry.action === 'update' && entry.before && entry.after && schema) {
      item.append(fieldChanges(changedFields(entry.before, entry.after), entry.before, entry.after, schema));
    }
    return item;
  }

  async function load(path: string, append: boolean) {
    const ticket = ++latest;
    for (const note of Object.values(notes)) note.textContent = '';
    message.textContent = '';
    if (!append) count.textContent = t('tool.working');
    try {
      const page = await getJson<AuditPage>(path);
      const layers = [...new Set(page.entries.filter((e) => e.action === 'update').map((e) => e.layer))];
      const schemas = new Map(await Promise.all(layers.map(async (id) => [id, await schemaOf(id)] as const)));
      if (ticket !== latest) return;
      if (!append) {
        list.replaceChildren();
        overlay.clear();
      }
      list.append(...page.entries.map((entry) => entryItem(entry, schemas.get(entry.layer))));
      count.textContent =
        page.numberMatched === 0 ? t('audit.none') : t('audit.count').replace('{n}', String(page.numberMatched));
      next = nextPage(page.links);
      more.hidden = next === undefined;
    } catch (error) {
      if (ticket !== latest) return;
      if (!(error instanceof ApiError)) throw error;
      count.textContent = '';
      showProblems(error, notes, message);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(firstPage(), false);
  });
  more.addEventListener('click', () => {
    if (next) void load(next, true);
  });

  return {
    element,
    /** Reads the first page again with the filters as they stand. */
    refresh: () => load(firstPage(), false),
    /** The user filter suggests these names. */
    knowUsers(names: string[]) {
      usernames.replaceChildren(
        ...names.map((name) => Object.assign(document.createElement('option'), { value: name })),
      );
    },
  };
}
