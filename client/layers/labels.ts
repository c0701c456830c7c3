import type { FeatureLike } from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import type VectorSource from 'ol/source/Vector.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';

/**
 * Names on the map, as a printed sheet has them: the townships' at the district's zoom, the
 * facilities' once zoomed in far enough to tell one from the next. Layers that carry names are
 * decluttered (OpenLayers `declutter`), so where two names would collide the one drawn first stays
 * and the other waits for a closer zoom; the symbols themselves are never hidden for a name. The
 * townships' names are a layer of their own above every other, since the points drawn above the
 * townships' areas would otherwise bury them.
 */

/** When a layer's features are named: below a resolution (metres per pixel), and for some features only. */
interface Naming {
  /** The coarsest resolution that shows names: 160 m/px is about zoom 10, 10 m/px about zoom 14. */
  maxResolution: number;
  /** The finest: a township's name is no help once a street fills the screen. */
  minResolution?: number;
  bold?: boolean;
  applies?: (feature: FeatureLike) => boolean;
}

const FACILITY: Naming = { maxResolution: 10 };

const TOWNSHIPS: Naming = {
  maxResolution: 160,
  minResolution: 2,
  bold: true,
  applies: (feature) => feature.get('level') === 'township',
};

const NAMING: Record<string, Naming> = {
  admin_areas: TOWNSHIPS,
  shelters: FACILITY,
  depots: FACILITY,
  fire_stations: FACILITY,
  teams: FACILITY,
};

const styles = new Map<string, Style>();

function nameStyle(name: string, naming: Naming, point: boolean): Style {
  const key = `${name}|${naming.bold ? 'b' : ''}|${point ? 'p' : ''}`;
  let style = styles.get(key);
  if (!style) {
    style = new Style({
      text: new Text({
        text: name,
        font: `${naming.bold ? '600 13px' : '12px'} "Noto Sans CJK SC", sans-serif`,
        fill: new Fill({ color: naming.bold ? '#12355b' : '#1f2933' }),
        stroke: new Stroke({ color: '#ffffff', width: 3 }),
        // A facility's name sits below its mark, clear of the symbol a click aims at.
        offsetY: point ? 14 : 0,
        textBaseline: point ? 'top' : 'middle',
      }),
    });
    styles.set(key, style);
  }
  return style;
}

/** The name to draw for a feature of a layer at a resolution, or none. */
export function labelFor(layerId: string, feature: FeatureLike, resolution: number): Style[] {
  const naming = NAMING[layerId];
  if (!naming || resolution > naming.maxResolution || resolution < (naming.minResolution ?? 0)) return [];
  if (naming.applies && !naming.applies(feature)) return [];
  const name = feature.get('name');
  if (typeof name !== 'string' || name === '') return [];
  return [nameStyle(name, naming, feature.getGeometry()?.getType() === 'Point')];
}

/** The townships' names over everything else, from the admin areas' own features; shown while the areas are. */
export function townshipNames(areas: VectorLayer<VectorSource>): VectorLayer<VectorSource> {
  const names = new VectorLayer({
    source: areas.getSource() ?? undefined,
    style: (feature, resolution) => labelFor('admin_areas', feature, resolution),
    declutter: 'names',
    zIndex: 40,
    visible: areas.getVisible(),
    // A canvas of its own: names stay sharp over the translucent zones, and a click never picks one.
    className: 'ol-layer township-names',
  });
  areas.on('change:visible', () => names.setVisible(areas.getVisible()));
  return names;
}
