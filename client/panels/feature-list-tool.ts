import { drawnFields } from '../../catalog/symbols.ts';
import type { FieldSchema } from '../api.ts';
import { fill, t } from '../i18n/index.ts';
import { featureList } from '../map/feature-list.ts';
import type { InView, Viewed } from '../map/features-in-view.ts';
import { display } from './popup.ts';
import type { Tool } from './tools.ts';

/**
 * The 列表 tab: the features in view on the staff map, by layer, each row naming the feature, its
 * level or status (the fields its symbol is drawn by, so a tiled layer's features have them too) and
 * its township, in the words of the layer's schema. A row opens the feature's popup and centres the
 * map on it. While the tab is closed the list is not rebuilt.
 */

interface Options {
  titleOf(layerId: string): string;
  schemaOf(layerId: string): Promise<Record<string, FieldSchema>>;
  activate(item: InView): void;
}

export interface ListTool extends Tool {
  update(viewed: Viewed): void;
  focus(key: string): void;
}

export function featureListTool({ titleOf, schemaOf, activate }: Options): ListTool {
  const schemas = new Map<string, Record<string, FieldSchema>>();
  const describe = (item: InView) => {
    const schema = schemas.get(item.layerId) ?? {};
    const shown = (field: string) => {
      const value = item.feature.get(field);
      return value === undefined || value === null ? '' : display(value, schema[field]);
    };
    const states = drawnFields(item.layerId).filter((field) => field !== 'name');
    return {
      name: String(item.feature.get('name') ?? titleOf(item.layerId)),
      details: [...states.map(shown), shown('township')],
    };
  };
  const list = featureList(
    {
      count: (shown, total) => (shown < total ? fill('list.cut', { shown, total }) : fill('list.count', { total })),
      layer: titleOf,
    },
    describe,
    activate,
  );
  let showing = false;
  let latest: Viewed = { items: [], total: 0, stamp: '' };
  let asked = 0;
  const update = async (viewed: Viewed) => {
    latest = viewed;
    if (!showing) return;
    const ask = ++asked;
    const ids = [...new Set(viewed.items.map((item) => item.layerId))].filter((id) => !schemas.has(id));
    const loaded = await Promise.all(ids.map((id) => schemaOf(id).catch(() => ({}))));
    for (const [i, id] of ids.entries()) schemas.set(id, loaded[i]);
    // A later view may have been asked for while the schemas came: only the last is shown.
    if (ask === asked) list.update(viewed);
  };
  list.element.setAttribute('aria-label', t('tool.list'));
  return {
    id: 'list',
    render(container) {
      container.append(list.element);
      showing = true;
      void update(latest);
    },
    open() {
      showing = true;
      void update(latest);
    },
    close() {
      showing = false;
    },
    update: (viewed) => void update(viewed),
    focus: list.focus,
  };
}
