import type { Feature as GeoFeature } from 'geojson';
import type OlMap from 'ol/Map.js';
import { todayInChina } from '../../catalog/china-time.ts';
import type { Publication } from '../../catalog/publications.ts';
import { ApiError, type FieldSchema, getJson, postJson, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { zoomToFeature } from '../map/zoom-to.ts';
import { button, field, fieldNote, showProblems } from './form.ts';
import { type Draft, drawDraft, nothingChanged, renderDraft } from './publish-review.ts';
import { renderVersions, versionName } from './publish-versions.ts';

function link(href: string, text: string) {
  return Object.assign(document.createElement('a'), { href, textContent: text, target: '_blank', rel: 'noopener' });
}

export interface PublishToolOptions {
  map: OlMap;
  overlay: Overlay;
  /** The district's name now (a set-up may change it), to prefill the title of the map. */
  district: () => string;
  titleOf: (layerId: string) => string;
  schemaOf: (layerId: string) => Promise<Record<string, FieldSchema>>;
}

/**
 * The publisher's desk: what publishing now would change against the latest version (counted, drawn
 * on the map and listed), the form that publishes it as the next numbered version, and every version
 * with its withdrawal. Planners read the review and the versions; only publishers act.
 */
export function publishTool({ map, overlay, district, titleOf, schemaOf }: PublishToolOptions) {
  const canPublish = session.can('publisher');
  const status = Object.assign(document.createElement('p'), { className: 'tool-status' });
  const review = Object.assign(document.createElement('div'), { className: 'tool-results publish-review' });
  const versions = Object.assign(document.createElement('div'), { className: 'tool-results publish-versions' });

  const defaultTitle = () => t('publish.defaultTitle').replace('{district}', district());
  let prefilled = defaultTitle();
  const title = field('text', 'publish-title', t('publish.title'), { value: prefilled });
  /** The prefilled title follows the district, unless the publisher has written their own. */
  const followDistrict = () => {
    const input = title.input as HTMLInputElement;
    if (input.value === prefilled) input.value = defaultTitle();
    prefilled = defaultTitle();
  };
  const mapDate = field('date', 'publish-date', t('publish.mapDate'), { value: todayInChina() });
  const note = field('textarea', 'publish-note', t('publish.note'), { rows: '2' });
  const notes = { title: fieldNote('title'), map_date: fieldNote('map_date'), note: fieldNote('note') };
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  const submit = button(t('publish.submit'), 'primary', 'submit');
  const published = Object.assign(document.createElement('div'), { className: 'publish-done' });
  const form = document.createElement('form');
  form.className = 'publish-form';
  form.append(title.label, notes.title, mapDate.label, notes.map_date, note.label, notes.note, submit, message);

  let open = false;
  let latest = 0;
  let draft: Draft | undefined;

  const zoomTo = (feature: GeoFeature) => zoomToFeature(map, feature);

  /** The review and the versions read again; the map shows the review while the tool is open. */
  async function refresh() {
    const ticket = ++latest;
    status.textContent = t('tool.working');
    try {
      const [next, { publications }] = await Promise.all([
        getJson<Draft>('/publications/draft'),
        getJson<{ publications: Publication[] }>('/publications'),
      ]);
      if (ticket !== latest || !open) return;
      draft = next;
      drawDraft(overlay, next);
      await renderDraft(review, next, titleOf, schemaOf, zoomTo);
      renderVersions(versions, publications, canPublish, () => void refresh());
      const upToDate = next.base_version !== null && nothingChanged(next);
      submit.disabled = upToDate;
      submit.textContent = t('publish.submit').replace('{version}', versionName((publications[0]?.version ?? 0) + 1));
      status.textContent = '';
    } catch (error) {
      if (ticket !== latest || !open) return;
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const n of Object.values(notes)) n.textContent = '';
    message.textContent = '';
    published.replaceChildren();
    try {
      const publication = await postJson<Publication>('/publications', {
        title: (title.input as HTMLInputElement).value,
        map_date: (mapDate.input as HTMLInputElement).value,
        note: (note.input as HTMLTextAreaElement).value,
      });
      const v = publication.version;
      published.append(
        Object.assign(document.createElement('strong'), {
          textContent: t('publish.done').replace('{version}', versionName(v)),
        }),
        link(`/public?v=${v}`, t('publish.publicMap')),
        link(`/publications/${v}/map.pdf`, 'PDF'),
        link(`/publications/${v}/map.png`, 'PNG'),
      );
      (note.input as HTMLTextAreaElement).value = '';
      await refresh();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409) {
        // Someone published these drafts first: read where things stand, then say so.
        await refresh();
        message.textContent = t('publish.nothingSince').replace('{n}', String(draft?.base_version ?? ''));
        return;
      }
      showProblems(error, notes, message);
    }
  });

  return {
    id: 'publish',
    render(container: HTMLElement) {
      open = true;
      const act = canPublish
        ? [form, published]
        : [
            Object.assign(document.createElement('p'), {
              className: 'tool-status',
              textContent: t('publish.publishersOnly'),
            }),
          ];
      container.append(status, review, ...act, versions);
      void refresh();
    },
    open() {
      open = true;
      followDistrict();
      void refresh();
    },
    close() {
      open = false;
      overlay.clear();
    },
  };
}
