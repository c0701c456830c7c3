import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import Polygon from 'ol/geom/Polygon.js';
import type OlMap from 'ol/Map.js';
import VectorSource from 'ol/source/Vector.js';
import { describe, expect, it } from 'vitest';
import { featuresInView } from '../../client/map/features-in-view.ts';

/** A map whose view shows the box [0, 0, 100, 100], as far as the reading of it goes. */
const mapShowing = (extent: number[]) => ({ getView: () => ({ calculateExtent: () => extent }) }) as unknown as OlMap;
const VIEW = [0, 0, 100, 100];

const point = (id: string, x: number, y: number, properties: Record<string, unknown> = {}) => {
  const feature = new Feature({ geometry: new Point([x, y]), ...properties });
  feature.setId(id);
  return feature;
};
const layer = (id: string, features: Feature[]) => {
  const source = new VectorSource({ features });
  return { id, inExtent: (extent: number[]) => source.getFeaturesInExtent(extent) };
};
const keys = (items: { key: string }[]) => items.map((item) => item.key);

describe('the features in view, in the order the keyboard and the list go through them', () => {
  it('goes layer by layer as ranked, each read north to south, then west to east; what is outside is left out', () => {
    const stations = layer('fire_stations', [point('s1', 90, 10), point('s2', 10, 90), point('out', 150, 50)]);
    const shelters = layer('shelters', [point('a', 50, 50), point('b', 10, 50), point('c', 20, 80)]);
    const viewed = featuresInView(mapShowing(VIEW), [stations, shelters]);
    expect(keys(viewed.items)).toEqual([
      'fire_stations/s2',
      'fire_stations/s1',
      'shelters/c',
      'shelters/b',
      'shelters/a',
    ]);
    expect(viewed.total).toBe(5);
  });

  it('lists a feature drawn in two tiles once, and leaves out a density cell that stands for many', () => {
    const twice = [point('t', 40, 40), point('t', 40, 40)];
    const cell = point('cell', 60, 60, { count: 120 });
    const viewed = featuresInView(mapShowing(VIEW), [{ id: 'hazards', inExtent: () => [...twice, cell] }]);
    expect(keys(viewed.items)).toEqual(['hazards/t']);
  });

  it('marks an area half in view at the middle of the part in view, not of the whole area', () => {
    const zone = new Feature(
      new Polygon([
        [
          [50, 50],
          [250, 50],
          [250, 90],
          [50, 90],
          [50, 50],
        ],
      ]),
    );
    const [item] = featuresInView(mapShowing(VIEW), [layer('risk_zones', [zone])]).items;
    expect(item.at).toEqual([75, 70]);
  });

  it.each([
    [5, 5, 5],
    [250, 200, 250],
  ])('of %i in view lists the first %i and counts all %i', (count, listed, total) => {
    const many = Array.from({ length: count }, (_, i) =>
      point(`p${i}`, (i % 100) + 0.5, 100 - Math.floor(i / 100) - 0.5),
    );
    const viewed = featuresInView(mapShowing(VIEW), [layer('shelters', many)]);
    expect(viewed.items).toHaveLength(listed);
    expect(viewed.total).toBe(total);
    // The first listed are the northernmost row, west to east: as a brute-force sort of them all.
    const expected = [...many]
      .sort((a, b) => {
        const [ax, ay] = (a.getGeometry() as Point).getCoordinates();
        const [bx, by] = (b.getGeometry() as Point).getCoordinates();
        return by - ay || ax - bx;
      })
      .slice(0, listed)
      .map((f) => `shelters/${f.getId()}`);
    expect(keys(viewed.items)).toEqual(expected);
  });

  it('stamps each reading with its count and the extent to the metre', () => {
    const first = featuresInView(mapShowing([0.4, 0.6, 99.5, 100.2]), []).stamp;
    const second = featuresInView(mapShowing([0.4, 0.6, 99.5, 100.2]), []).stamp;
    expect(first.split(' ')[1]).toBe('0,1,100,100');
    expect(Number(second.split(' ')[0])).toBe(Number(first.split(' ')[0]) + 1);
  });
});
