import { chinaMinute } from '../../catalog/china-time.ts';
import type { Publication } from '../../catalog/publications.ts';
import { ApiError, postJson } from '../api.ts';
import { t } from '../i18n/index.ts';
import { button, field, fieldNote, showProblems } from './form.ts';

export const versionName = (version: number) => t('publish.version').replace('{n}', String(version));

const line = (className: string, text: string) =>
  Object.assign(document.createElement('div'), { className, textContent: text });

/**
 * Asks why before withdrawing, then confirms: the public falls back to the version before. The
 * server's word on the reason is shown at the field.
 */
function withdrawForm(publication: Publication, withdrawn: () => void): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'withdraw-form';
  const reason = field('text', `withdraw-reason-${publication.version}`, t('publish.reason'));
  const note = fieldNote('reason');
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  form.append(reason.label, note, button(t('publish.withdraw'), 'danger', 'submit'), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    note.textContent = '';
    message.textContent = '';
    if ((reason.input as HTMLInputElement).value.trim() === '') {
      note.textContent = t('publish.reasonRequired');
      return;
    }
    if (!window.confirm(t('publish.confirmWithdraw').replace('{version}', versionName(publication.version)))) return;
    try {
      await postJson(`/publications/${publication.version}/withdraw`, {
        reason: (reason.input as HTMLInputElement).value,
      });
      withdrawn();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showProblems(error, { reason: note }, message);
    }
  });
  return form;
}

/**
 * Every version, newest first: number, title, map date, who published it and when; a withdrawn one
 * marked with its reason. A publisher may withdraw one that stands (`withdrawn` hears of it).
 */
export function renderVersions(
  element: HTMLElement,
  publications: Publication[],
  canWithdraw: boolean,
  withdrawn: () => void,
) {
  const heading = Object.assign(document.createElement('h3'), { textContent: t('publish.versions') });
  const items = publications.map((p) => {
    const item = document.createElement('li');
    item.className = p.withdrawn_at ? 'publication withdrawn' : 'publication';
    item.dataset.version = String(p.version);
    const title = document.createElement('div');
    title.className = 'publication-title';
    title.append(
      Object.assign(document.createElement('strong'), { textContent: versionName(p.version) }),
      ` ${p.title}`,
    );
    item.append(
      title,
      line(
        'publication-meta',
        `${t('publish.mapDate')} ${p.map_date} · ${p.published_by} · ${chinaMinute(p.published_at)}`,
      ),
    );
    if (p.note) item.append(line('publication-note', p.note));
    if (p.withdrawn_at) {
      const by = `${p.withdrawn_by ?? ''} · ${chinaMinute(p.withdrawn_at)}`;
      item.append(line('publication-withdrawn', `${t('publish.withdrawn')}: ${p.withdrawn_reason ?? ''} (${by})`));
    } else if (canWithdraw) {
      const start = button(t('publish.withdraw'), 'secondary');
      start.addEventListener('click', () => start.replaceWith(withdrawForm(p, withdrawn)));
      item.append(start);
    }
    return item;
  });
  const list = document.createElement('ul');
  list.className = 'publication-list';
  list.append(...items);
  element.replaceChildren(heading, publications.length ? list : t('publish.none'));
}
