import type { FeatureLike } from 'ol/Feature.js';
import type OlMap from 'ol/Map.js';
import type { FieldSchema } from '../api.ts';
import { fill, t } from '../i18n/index.ts';
import { type FeatureLayer, featuresWithin } from '../layers/feature-layer.ts';
import { escapeReturns, walkFeatures } from '../map/feature-walk.ts';
import { afterMoves, featuresInView, type InView } from '../map/features-in-view.ts';
import { featureListTool, type ListTool } from './feature-list-tool.ts';

/**
 * The staff map without a mouse: N and P step through the features in view, Enter opens the one
 * stepped to, and the 列表 tab lists them; either way the popup takes the focus, and Escape closes it
 * and gives the focus back (to the map, or to the list's row). A row also centres the map on its
 * feature. The layers gone through are those shown, the top-most first; the admin areas are the
 * background and are left out, as a click leaves them out.
 */

interface Options {
  map: OlMap;
  layers: Map<string, FeatureLayer>;
  popup: HTMLElement;
  titleOf(layerId: string): string;
  schemaOf(layerId: string): Promise<Record<string, FieldSchema>>;
  /** Opens a feature's popup as a click does, once it is shown. */
  open(layerId: string, feature: FeatureLike): Promise<void>;
  /** Closes the popup, and the editor if one was opened from it. */
  close(): void;
}

/** The list, as the tool tab that shows it. */
export function keyboardAndList({ map, layers, popup, titleOf, schemaOf, open, close }: Options): ListTool {
  const openInView = (item: InView, back: () => void) => {
    void open(item.layerId, item.feature).then(() => {
      const heading = popup.querySelector('h3');
      if (heading) heading.tabIndex = -1;
      heading?.focus();
      escapeReturns(() => !popup.hidden, close, back);
    });
  };
  const walk = walkFeatures(
    map,
    {
      keys: t('map.keys'),
      none: t('map.none'),
      announce: (item, n, count) =>
        fill('map.announce', { name: String(item.feature.get('name') ?? ''), layer: titleOf(item.layerId), n, count }),
    },
    (item) => openInView(item, () => map.getTargetElement()?.focus()),
  );
  const list = featureListTool({
    titleOf,
    schemaOf,
    activate: (item) => {
      map.getView().animate({ center: item.at, duration: 250 });
      walk.mark(item);
      openInView(item, () => list.focus(item.key));
    },
  });
  const shown = () =>
    [...layers]
      .filter(([id, layer]) => id !== 'admin_areas' && layer.getVisible())
      .reverse()
      .map(([id, layer]) => ({ id, inExtent: (extent: number[]) => featuresWithin(layer, extent) }));
  afterMoves(map, () => {
    const viewed = featuresInView(map, shown());
    walk.update(viewed);
    list.update(viewed);
  });
  return list;
}
