import type { Geometry, LineString, Polygon } from 'ol/geom.js';
import Draw from 'ol/interaction/Draw.js';
import VectorLayer from 'ol/layer/Vector.js';
import type OlMap from 'ol/Map.js';
import VectorSource from 'ol/source/Vector.js';
import { getArea, getLength } from 'ol/sphere.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import { t } from '../i18n/index.ts';

/** On the sphere, as a planner means it: Web Mercator distances would be 10% long at this latitude. */
function describe(geometry: Geometry): string {
  if (geometry.getType() === 'Polygon') {
    const m2 = getArea(geometry as Polygon);
    return m2 > 1e5 ? `${(m2 / 1e6).toFixed(2)} km²` : `${Math.round(m2)} m²`;
  }
  const m = getLength(geometry as LineString);
  return m > 1000 ? `${(m / 1000).toFixed(2)} km` : `${Math.round(m)} m`;
}

/** Returns whether a measurement is being drawn, so clicks then go to the drawing, not to popups. */
export function renderMeasure(container: HTMLElement, map: OlMap): () => boolean {
  const source = new VectorSource();
  map.addLayer(
    new VectorLayer({
      source,
      zIndex: 100,
      style: new Style({
        stroke: new Stroke({ color: '#12355b', width: 2, lineDash: [6, 4] }),
        fill: new Fill({ color: 'rgba(18, 53, 91, 0.12)' }),
      }),
    }),
  );
  const readout = document.createElement('output');
  readout.className = 'measure-readout';
  let draw: Draw | undefined;

  const start = (type: 'LineString' | 'Polygon') => {
    if (draw) map.removeInteraction(draw);
    draw = new Draw({ source, type });
    draw.on('drawstart', (event) => {
      event.feature.getGeometry()?.on('change', (e) => {
        readout.value = describe(e.target as Geometry);
      });
    });
    draw.on('drawend', () => {
      if (draw) map.removeInteraction(draw);
      draw = undefined;
    });
    map.addInteraction(draw);
  };

  const button = (label: string, action: () => void, name: string) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.measure = name;
    b.addEventListener('click', action);
    return b;
  };
  container.replaceChildren(
    button(t('measure.distance'), () => start('LineString'), 'distance'),
    button(t('measure.area'), () => start('Polygon'), 'area'),
    button(
      t('measure.clear'),
      () => {
        if (draw) map.removeInteraction(draw);
        draw = undefined;
        source.clear();
        readout.value = '';
      },
      'clear',
    ),
    readout,
  );
  return () => draw !== undefined;
}
