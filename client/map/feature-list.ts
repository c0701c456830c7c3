import type { InView, Viewed } from './features-in-view.ts';

/**
 * The features in view as a list, for a screen reader and for anyone who would rather read than
 * look: grouped by layer under a heading each, every row a button with the feature's name and what
 * it is (level or status, township) that opens it. Rebuilt only when what is in view changed; the
 * row that had the focus keeps it.
 */

interface ListWords {
  /** "12 in view", or "the first 200 of 1,234" when the list is cut. */
  count(shown: number, total: number): string;
  layer(layerId: string): string;
}

interface ListedRow {
  name: string;
  /** Level or status, township: the words after the name. */
  details: string[];
}

interface FeatureList {
  element: HTMLElement;
  update(viewed: Viewed): void;
  /** Puts the focus on a feature's row, or on the list when the row is gone. */
  focus(key: string): void;
}

function rowButton(item: InView, row: ListedRow, activate: (item: InView) => void) {
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'feature-row' });
  button.dataset.key = item.key;
  const name = Object.assign(document.createElement('span'), { className: 'feature-name', textContent: row.name });
  const details = row.details.filter((text) => text !== '');
  button.append(name);
  if (details.length > 0)
    button.append(
      Object.assign(document.createElement('span'), { className: 'feature-details', textContent: details.join(' · ') }),
    );
  button.addEventListener('click', () => activate(item));
  const li = document.createElement('li');
  li.append(button);
  return li;
}

export function featureList(
  words: ListWords,
  describe: (item: InView) => ListedRow,
  activate: (item: InView) => void,
): FeatureList {
  const element = Object.assign(document.createElement('div'), { className: 'feature-list' });
  const count = Object.assign(document.createElement('p'), { className: 'feature-count' });
  count.setAttribute('role', 'status');
  const groups = document.createElement('div');
  element.append(count, groups);
  let shown = '';

  const focus = (key: string) => {
    const row = [...groups.querySelectorAll<HTMLElement>('button.feature-row')].find((b) => b.dataset.key === key);
    (row ?? count).focus();
  };
  count.tabIndex = -1;

  return {
    element,
    focus,
    update({ items, total, stamp }) {
      element.dataset.viewed = stamp;
      const signature = `${total}|${items.map((item) => item.key).join(',')}`;
      if (signature === shown) return;
      shown = signature;
      const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
      const hadFocus = focused !== undefined && groups.contains(document.activeElement);
      count.textContent = words.count(items.length, total);
      const byLayer = new Map<string, InView[]>();
      for (const item of items) {
        const members = byLayer.get(item.layerId) ?? [];
        members.push(item);
        byLayer.set(item.layerId, members);
      }
      groups.replaceChildren(
        ...[...byLayer].map(([layerId, members]) => {
          const section = document.createElement('section');
          section.dataset.layer = layerId;
          const heading = Object.assign(document.createElement('h3'), {
            textContent: `${words.layer(layerId)} (${members.length})`,
          });
          const list = document.createElement('ul');
          list.append(...members.map((item) => rowButton(item, describe(item), activate)));
          section.append(heading, list);
          return section;
        }),
      );
      if (hadFocus && focused) focus(focused);
    },
  };
}
