/**
 * How a road's class is read when a source does not state it in the layer's words: a register's
 * route code and technical grade (server/import/map/road-class.ts), OpenStreetMap's tags
 * (server/import/read/osm-roads.ts). The cases are the national route-numbering rules and the OSM
 * wiki's tagging, written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { classFromRouteCode, completeRoad } from '../../../server/import/map/road-class.ts';
import { onewayOf, osmRoadClass, osmRoadValues } from '../../../server/import/read/osm-roads.ts';

describe('a route code', () => {
  it.each([
    ['G15', 'expressway'],
    ['G1501', 'expressway'],
    ['S10', 'expressway'],
    ['G324', 'national'],
    ['S201', 'provincial'],
    ['X201', 'county'],
    ['x201', 'county'],
    ['Y012', 'township'],
    ['C001350303', 'village'],
    ['Z003', 'village'],
    ['324', undefined],
    ['K12+300', undefined],
  ])('%s is a road of class %s', (code, expected) => {
    expect(classFromRouteCode(code)).toBe(expected);
  });
});

describe('a register row without a class', () => {
  it.each([
    [
      { ref: 'X201', tech_grade: 'class1' },
      { class: 'county', name: 'X201' },
    ],
    [
      { ref: null, tech_grade: 'class2', name: '工业路' },
      { class: 'provincial', name: '工业路' },
    ],
    [{ tech_grade: 'substandard', name: '机耕路' }, { class: 'track' }],
    [
      { class: 'urban', ref: 'X201', name: '老街' },
      { class: 'urban', name: '老街' },
    ],
    [{ name: '无等级路' }, { name: '无等级路' }],
  ])('%o becomes %o', (given, expected) => {
    const properties: Record<string, unknown> = { ...given };
    completeRoad(properties);
    expect(properties).toMatchObject(expected);
    if (!('class' in expected)) expect(properties.class).toBeUndefined();
  });
});

describe('an OpenStreetMap way', () => {
  it.each([
    ['motorway', 'expressway'],
    ['trunk', 'national'],
    ['primary_link', 'provincial'],
    ['secondary', 'county'],
    ['tertiary', 'township'],
    ['unclassified', 'village'],
    ['residential', 'urban'],
    ['track', 'track'],
    ['footway', undefined],
    ['path', undefined],
    ['service', undefined],
    ['construction', undefined],
  ])('highway=%s is kept as %s', (highway, expected) => {
    expect(osmRoadClass({ highway })).toBe(expected);
  });

  it.each([
    [
      { highway: 'residential', oneway: 'yes' },
      { oneway: true, reversed: false },
    ],
    [
      { highway: 'residential', oneway: '-1' },
      { oneway: true, reversed: true },
    ],
    [{ highway: 'motorway' }, { oneway: true, reversed: false }],
    [
      { highway: 'motorway', oneway: 'no' },
      { oneway: false, reversed: false },
    ],
    [
      { highway: 'tertiary', junction: 'roundabout' },
      { oneway: true, reversed: false },
    ],
    [{ highway: 'tertiary' }, { oneway: false, reversed: false }],
  ])('%o travels %o', (tags, expected) => {
    expect(onewayOf(tags)).toEqual(expected);
  });

  it.each([
    ['60', 60],
    ['40 km/h', 40],
    ['30 mph', 48],
    ['CN:urban', null],
    ['none', null],
    ['0', null],
    ['250', null],
  ])('maxspeed=%s is %s km/h', (maxspeed, expected) => {
    expect(osmRoadValues(1, { highway: 'primary', maxspeed }, 'provincial').speed_kmh).toBe(expected);
  });

  it('is named in Chinese first, then by its code, then by its class and id', () => {
    expect(osmRoadValues(7, { 'name:zh': '梧塘路', name: 'Wutang Rd', ref: 'X201' }, 'county').name).toBe('梧塘路');
    expect(osmRoadValues(7, { ref: 'X201' }, 'county').name).toBe('X201');
    expect(osmRoadValues(7, {}, 'village').name).toBe('村道(OSM 7)');
  });
});
