import type { LayerId } from '../../catalog/layers.ts';
import { type LegendEntry, layerLegend } from '../../catalog/legend.ts';
import type { Collection } from '../api.ts';
import { type Language, type MessageKey, t } from '../i18n/index.ts';
import type { FeatureLayer } from '../layers/feature-layer.ts';
import { swatch } from '../layers/swatch.ts';

const GROUP_ORDER = ['resources', 'hazards', 'risk', 'monitoring', 'base'];

/** The looks of a layer beyond its first, each with what it means: planned, closed, a level. */
function layerKey(layerId: string, entries: LegendEntry[], lang: Language): HTMLElement {
  const list = document.createElement('ul');
  list.className = 'layer-key';
  list.dataset.key = layerId;
  for (const entry of entries) {
    const item = document.createElement('li');
    item.append(swatch(entry), entry.label[lang]);
    list.append(item);
  }
  return list;
}

/**
 * Every layer with its symbol, its feature count and an on/off switch, grouped as a planner thinks
 * of them; under each, the key to its other looks.
 */
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
    heading.textContent = t(`group.${group}` as MessageKey);
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
      // A tool may switch a layer on (the cameras with their coverage): the box says so too.
      layer.on('change:visible', () => {
        box.checked = layer.getVisible();
      });
      const name = document.createElement('span');
      name.textContent = collection.titles[lang];
      const count = document.createElement('span');
      count.className = 'count';
      count.dataset.count = collection.id;
      count.textContent = String(collection.featureCount);
      const [first, ...others] = layerLegend(collection.id as LayerId);
      const symbol = swatch(first);
      symbol.dataset.swatch = collection.id;
      label.className = 'layer-row';
      label.append(box, symbol, name, count);
      element.append(label);
      if (others.length > 0) element.append(layerKey(collection.id, [first, ...others], lang));
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
