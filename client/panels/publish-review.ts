import type { Feature as GeoFeature } from 'geojson';
import type { FieldSchema } from '../api.ts';
import { t } from '../i18n/index.ts';
import { type Overlay, REVIEW_COLOURS } from '../map/overlay.ts';
import { fieldChanges } from './field-changes.ts';

interface ChangedFeature {
  id: string;
  /** Property names, `geometry` first when the shape moved. */
  changes: string[];
  before: GeoFeature;
  after: GeoFeature;
}

interface LayerDiff {
  added: GeoFeature[];
  removed: GeoFeature[];
  changed: ChangedFeature[];
}

/** `GET /publications/draft`: what publishing now would change against the latest version. */
export interface Draft {
  base_version: number | null;
  summary: Record<string, Record<Kind, number>>;
  layers: Record<string, LayerDiff>;
}

const KINDS = ['added', 'removed', 'changed'] as const;
type Kind = (typeof KINDS)[number];

// A short list is read at a glance; a long one (every feature, before the first version) waits to be opened.
const OPEN_UP_TO = 30;

export const nothingChanged = (draft: Draft) =>
  Object.values(draft.summary).every((counts) => KINDS.every((kind) => counts[kind] === 0));

const nameOf = (feature: GeoFeature) => String(feature.properties?.name ?? feature.id);
const collection = (features: GeoFeature[]) => ({ type: 'FeatureCollection', features });
const labelled = (feature: GeoFeature): GeoFeature => ({
  ...feature,
  properties: { ...feature.properties, label: nameOf(feature) },
});

/**
 * The difference on the map: added features green, removed ones red and dashed, changed ones orange
 * over their old shape; the removed and changed ones named, as they are few and the ones to check.
 */
export function drawDraft(overlay: Overlay, draft: Draft) {
  overlay.clear();
  for (const diff of Object.values(draft.layers)) {
    const moved = diff.changed.filter((c) => c.changes.includes('geometry'));
    overlay.add(collection(moved.map((c) => c.before)), 'before');
    overlay.add(collection(diff.added), 'added');
    overlay.add(collection(diff.changed.map((c) => labelled(c.after))), 'changed');
    overlay.add(collection(diff.removed.map(labelled)), 'removed');
  }
}

function entry(kind: Kind, feature: GeoFeature, zoomTo: (feature: GeoFeature) => void, changes?: HTMLElement) {
  const item = document.createElement('li');
  item.className = `review-entry review-${kind}`;
  item.style.setProperty('--review-colour', REVIEW_COLOURS[kind]);
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'result';
  open.textContent = nameOf(feature);
  open.addEventListener('click', () => zoomTo(feature));
  item.append(open);
  if (changes) item.append(changes);
  return item;
}

/** One layer's counts, then its entries by kind; each entry zooms the map to its feature. */
function layerSection(
  layerId: string,
  diff: LayerDiff,
  title: string,
  schema: Record<string, FieldSchema>,
  zoomTo: (feature: GeoFeature) => void,
) {
  const section = document.createElement('section');
  section.className = 'review-layer';
  section.dataset.layer = layerId;
  const heading = document.createElement('h3');
  heading.textContent = title;
  const counts = document.createElement('p');
  counts.className = 'review-counts';
  counts.textContent = KINDS.map((kind) => `${t(`publish.${kind}`)} ${diff[kind].length}`).join(' · ');
  section.append(heading, counts);
  const entries: Record<Kind, HTMLElement[]> = {
    added: diff.added.map((f) => entry('added', f, zoomTo)),
    removed: diff.removed.map((f) => entry('removed', f, zoomTo)),
    changed: diff.changed.map((c) =>
      entry('changed', c.after, zoomTo, fieldChanges(c.changes, c.before, c.after, schema)),
    ),
  };
  for (const kind of KINDS) {
    if (entries[kind].length === 0) continue;
    const group = document.createElement('details');
    group.className = `review-group review-${kind}`;
    group.open = entries[kind].length <= OPEN_UP_TO;
    const summary = document.createElement('summary');
    summary.textContent = `${t(`publish.${kind}`)} ${entries[kind].length}`;
    const list = document.createElement('ul');
    list.append(...entries[kind]);
    group.append(summary, list);
    section.append(group);
  }
  return section;
}

/** The review as text: against which version, then each published layer with what would change. */
export async function renderDraft(
  element: HTMLElement,
  draft: Draft,
  titleOf: (layerId: string) => string,
  schemaOf: (layerId: string) => Promise<Record<string, FieldSchema>>,
  zoomTo: (feature: GeoFeature) => void,
) {
  const against = document.createElement('p');
  against.className = 'headline review-base';
  against.textContent =
    draft.base_version === null
      ? t('publish.unpublished')
      : nothingChanged(draft)
        ? t('publish.nothingSince').replace('{n}', String(draft.base_version))
        : t('publish.against').replace('{n}', String(draft.base_version));
  const layers = Object.entries(draft.layers);
  const schemas = await Promise.all(layers.map(([id]) => schemaOf(id)));
  element.replaceChildren(
    against,
    ...layers.map(([id, diff], i) => layerSection(id, diff, titleOf(id), schemas[i], zoomTo)),
  );
}
