import type { RoadClass } from '../../../catalog/road-classes.ts';

/**
 * A road register (农村公路电子地图, a transport bureau's segment table) says a road's class three
 * ways: its administrative grade (行政等级: 国道 … 村道, read as the class itself), its route code
 * (路线编码: G324, S201, X201, Y012, C001, Z003) and its technical grade (技术等级: 高速, 一级 … 等外).
 * A row that names no class takes it from the code, else from the technical grade; one without a
 * name takes its route code, as registers list village roads by code alone.
 */

/** G and S with three digits are ordinary national and provincial roads; with one, two or four, expressways (G15, G1501, S10). */
export function classFromRouteCode(ref: string): RoadClass | undefined {
  const code = ref.trim().toUpperCase();
  const match = /^([GSXYCZ])(\d+)/.exec(code);
  if (!match) return undefined;
  const [, letter, digits] = match;
  if (letter === 'G' || letter === 'S') {
    if (digits.length !== 3) return 'expressway';
    return letter === 'G' ? 'national' : 'provincial';
  }
  // Z: 专用公路 (forestry, mine, port roads), built to village-road standards as a rule.
  return ({ X: 'county', Y: 'township', C: 'village', Z: 'village' } as const)[letter as 'X' | 'Y' | 'C' | 'Z'];
}

/** The class a technical grade is usually driven as: the speed it is designed for, not who keeps it. */
const FROM_TECH_GRADE: Record<string, RoadClass> = {
  expressway: 'expressway',
  class1: 'national',
  class2: 'provincial',
  class3: 'county',
  class4: 'township',
  substandard: 'track',
};

const missing = (value: unknown) => value === null || value === undefined;

export function completeRoad(properties: Record<string, unknown>): void {
  const ref = typeof properties.ref === 'string' ? properties.ref : undefined;
  if (missing(properties.class)) {
    const derived = (ref && classFromRouteCode(ref)) ?? FROM_TECH_GRADE[String(properties.tech_grade)];
    if (derived) properties.class = derived;
  }
  if (missing(properties.name) && ref) properties.name = ref;
}
