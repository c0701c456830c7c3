import type { Collection } from '../api.ts';
import { type Language, t } from '../i18n/index.ts';
import type { FeatureLayer } from '../layers/feature-layer.ts';

const GROUP_ORDER = ['resources', 'hazards', 'risk', 'monitoring', 'base'];

/** Every layer with its feature count and an on/off switch, grouped as a planner thinks of them. */
export function renderLayerPanel(
  element: HTMLElement,
  collections: Collection[],
  layers: Map<string, FeatureLayer>,
  lang: Language,
) {
  element.replaceChildren();
  for (const group of GROUP_ORDER) {
    const members = collections.filter((c) => c.group === group);
    if (members.length === 0) continue;
    const heading = document.createElement('h2');
    heading.textContent = t(`group.${group}`);
    element.append(heading);
    for (const collection of members) {
      const layer = layers.get(collection.id);
      if (!layer) continue;
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = layer.getVisible();
      box.dataset.layer = collection.id;
      box.addEventListener('change', () => layer.setVisible(box.checked));
      const name = document.createElement('span');
      name.textContent = collection.titles[lang];
      const count = document.createElement('span');
      count.className = 'count';
      count.dataset.count = collection.id;
      count.textContent = String(collection.featureCount);
      label.append(box, name, count);
      element.append(label);
    }
  }
}

/** Puts the layers' current feature counts in the panel, after a save, a deletion or an import. */
export function updateLayerCounts(element: HTMLElement, collections: Collection[]) {
  for (const collection of collections) {
    const count = element.querySelector<HTMLElement>(`[data-count="${collection.id}"]`);
    if (count) count.textContent = String(collection.featureCount);
  }
}
