import type { Geometry, LineString, Polygon } from 'ol/geom.js';
import Draw from 'ol/interaction/Draw.js';
import VectorLayer from 'ol/layer/Vector.js';
import type OlMap from 'ol/Map.js';
import { toLonLat } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { getArea, getLength } from 'ol/sphere.js';
import { Fill, Stroke, Style } from 'ol/style.js';
import { postJson, session } from '../api.ts';
import { t } from '../i18n/index.ts';
import { type ProfilePoint, profileFigure } from './terrain-profile.ts';

/** On the sphere, as a planner means it: Web Mercator distances would be 10% long at this latitude. */
function describe(geometry: Geometry): string {
  if (geometry.getType() === 'Polygon') {
    const m2 = getArea(geometry as Polygon);
    return m2 > 1e5 ? `${(m2 / 1e6).toFixed(2)} km²` : `${Math.round(m2)} m²`;
  }
  const m = getLength(geometry as LineString);
  return m > 1000 ? `${(m / 1000).toFixed(2)} km` : `${Math.round(m)} m`;
}

/** Staff see the ground along a measured line; without a DEM (or signed out) there is nothing to show. */
async function profileOf(line: LineString): Promise<HTMLElement | undefined> {
  if (!session.can('responder')) return undefined;
  const coordinates = line.getCoordinates().map((c) => toLonLat(c));
  const answer = await postJson<{ length_m: number; points: ProfilePoint[] }>('/terrain/profile', {
    line: coordinates,
  }).catch(() => undefined);
  return answer && profileFigure(answer.points, answer.length_m);
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
  const profile = document.createElement('div');
  profile.className = 'measure-profile';
  let draw: Draw | undefined;

  const start = (type: 'LineString' | 'Polygon') => {
    if (draw) map.removeInteraction(draw);
    draw = new Draw({ source, type });
    draw.on('drawstart', (event) => {
      event.feature.getGeometry()?.on('change', (e) => {
        readout.value = describe(e.target as Geometry);
      });
    });
    draw.on('drawend', (event) => {
      if (draw) map.removeInteraction(draw);
      draw = undefined;
      profile.replaceChildren();
      if (type !== 'LineString') return;
      void profileOf(event.feature.getGeometry() as LineString).then(
        (figure) => figure && profile.replaceChildren(figure),
      );
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
        profile.replaceChildren();
      },
      'clear',
    ),
    readout,
    profile,
  );
  return () => draw !== undefined;
}
