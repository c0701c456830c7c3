import type Feature from 'ol/Feature.js';
import { featureList } from '../map/feature-list.ts';
import { escapeReturns, walkFeatures } from '../map/feature-walk.ts';
import { afterMoves, featuresInView, type InView } from '../map/features-in-view.ts';
import type { PublicMap } from './map.ts';
import type { Sheet } from './sheet.ts';
import { statusText } from './shelter-card.ts';
import { type MessageKey, t } from './strings.ts';
import { levelText, zoneCard } from './zone-card.ts';

/**
 * The public map without a mouse: N and P step through the shelters and risk zones in view, Enter
 * opens one in the sheet as a tap would, Escape closes it and returns to the map; and the 列表 button
 * lists what is in view, shelters first, for a screen reader or anyone reading rather than looking.
 */

interface Options {
  stage: PublicMap;
  sheet: Sheet;
  /** Opens a shelter's card as a tap does. */
  openShelter(feature: Feature): void;
  /** Centres a place above the sheet. */
  reveal(at: number[]): void;
  listButton: HTMLButtonElement;
}

const layerName = (layerId: string) => t(`layer.${layerId}` as MessageKey);

function describe({ layerId, feature }: InView) {
  const state = layerId === 'shelters' ? statusText(feature.get('status')) : levelText(feature.get('level'));
  return {
    name: String(feature.get('name') ?? layerName(layerId)),
    details: [state, String(feature.get('township') ?? '')],
  };
}

export function keyboardAndList({ stage, sheet, openShelter, reveal, listButton }: Options): void {
  const { map } = stage;
  const open = (item: InView, back: () => void) => {
    if (item.layerId === 'shelters') openShelter(item.feature as Feature);
    else sheet.show('zone', String(item.feature.get('name') ?? layerName(item.layerId)), zoneCard(item.feature));
    const heading = document.getElementById('sheet-title');
    if (heading) heading.tabIndex = -1;
    heading?.focus();
    escapeReturns(
      () => sheet.showing() !== undefined,
      () => sheet.close(),
      back,
    );
  };
  const toMap = () => map.getTargetElement()?.focus();
  const walk = walkFeatures(
    map,
    {
      keys: t('map.keys'),
      none: t('map.none'),
      announce: (item, n, count) =>
        t('map.announce', { name: describe(item).name, layer: layerName(item.layerId), n, count }),
    },
    (item) => open(item, toMap),
  );
  const list = featureList(
    {
      count: (shown, total) => (shown < total ? t('list.cut', { shown, total }) : t('list.count', { total })),
      layer: layerName,
    },
    describe,
    (item) => {
      walk.mark(item);
      open(item, () => listButton.focus());
      reveal(item.at);
    },
  );
  const layers = [
    { id: 'shelters', inExtent: (extent: number[]) => stage.shelters.getFeaturesInExtent(extent) },
    { id: 'risk_zones', inExtent: (extent: number[]) => stage.zones.getFeaturesInExtent(extent) },
  ];
  afterMoves(map, () => {
    const viewed = featuresInView(map, layers);
    walk.update(viewed);
    if (sheet.showing() === 'list') list.update(viewed);
  });
  listButton.addEventListener('click', () => {
    sheet.show('list', t('list.title'), [list.element]);
    list.update(featuresInView(map, layers));
  });
}
