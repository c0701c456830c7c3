import type { Label } from './label.ts';

/**
 * The closed list of road classes every wing shares: the roads layer stores one, the map draws its
 * width from it, the routing graph takes its speed from the profile by it, and every import (a
 * transport bureau's register, OpenStreetMap) maps its own grades onto it. It follows China's
 * administrative grades (国道/省道/县道/乡道/村道, route codes G/S/X/Y/C), with 高速公路 apart
 * because it is built and driven apart, city streets apart because they are not graded as highways,
 * and 等外公路 and tracks together at the bottom.
 */

export const ROAD_CLASSES = [
  'expressway',
  'national',
  'provincial',
  'county',
  'township',
  'village',
  'urban',
  'track',
] as const;

export type RoadClass = (typeof ROAD_CLASSES)[number];

/** The labels a table and a form show; an import reads any of them (国道, 县道, 等外公路, 机耕路) back. */
export const ROAD_CLASS_VALUES: Record<RoadClass, Label> = {
  expressway: { zh: '高速公路', en: 'Expressway' },
  national: { zh: '国道', en: 'National road' },
  provincial: { zh: '省道', en: 'Provincial road' },
  county: { zh: '县道', en: 'County road' },
  township: { zh: '乡道', en: 'Township road' },
  village: { zh: '村道', en: 'Village road' },
  urban: { zh: '城市道路', en: 'Urban street' },
  track: { zh: '等外公路(机耕路)', en: 'Substandard road or track' },
};

/**
 * Speeds when a profile names none (an older profile file): the design speeds of 《公路工程技术标准》
 * JTG B01-2014 for the grade each class is usually built to, reduced for a county's bends, villages
 * and mixed traffic. An assumption a bureau should check against its own roads.
 */
export const DEFAULT_ROAD_SPEEDS_KMH: Record<RoadClass, number> = {
  expressway: 90,
  national: 60,
  provincial: 50,
  county: 40,
  township: 30,
  village: 20,
  urban: 25,
  track: 10,
};

/** Walking, from an incident to the road it snaps to: slow, as over rough ground with a load. */
export const DEFAULT_WALK_KMH = 4;
