/**
 * Exposure (风险暴露): what lies inside the risk zones of each level 1–4 (重大/较大/一般/低, red to
 * blue) — residents, shelters, protected targets, hazard points — a feature inside overlapping zones
 * counting once, at the highest level (the lowest number). Then the two checks the plans ask for:
 * shelters and protected targets standing in a red/orange zone or in any geohazard-prone zone (the
 * count should be zero), and zones whose stored level is below the highest level of the enterprise
 * risk points inside them. Zones are found through a flatbush index over their boxes, then
 * point-in-polygon (or intersection, for hazard lines). Population and hazards of a layer too large to
 * hold in the process come already placed by level (`PlacedByLevel`, counted by the store), and are
 * added to the figures as they are.
 */
import * as turf from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { anchorOf, compareIds, featureId, featuresOf, isPolygonal, nameOf, num, str } from './geometry.ts';
import type { AnyFeature, Layers } from './types.ts';

/** Red and orange under the national four-colour rule (安委办〔2016〕11号): levels 1 and 2. */
export const RED_ORANGE_LEVELS = [1, 2];
export const LEVELS = [1, 2, 3, 4] as const;

type Zone = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

export interface ZoneRef {
  id: string;
  name: string;
  level: number;
  hazard_type: string | null;
}

export class ZoneIndex {
  readonly zones: Zone[];
  private readonly index: Flatbush | null;

  constructor(riskZones: Layers['risk_zones']) {
    this.zones = featuresOf(riskZones).filter((z) => isPolygonal(z.geometry) && levelOf(z) !== null) as Zone[];
    this.index = this.zones.length > 0 ? new Flatbush(this.zones.length) : null;
    if (!this.index) return;
    for (const z of this.zones) {
      const [w, s, e, n] = turf.bbox(z);
      this.index.add(w, s, e, n);
    }
    this.index.finish();
  }

  /** Zones a feature lies in (a point or area's anchor) or, for a line, crosses: highest level first, then by id. */
  containing(feature: AnyFeature): Zone[] {
    const g = feature.geometry as Geometry | null;
    if (!this.index || !g) return [];
    const line = g.type === 'LineString' || g.type === 'MultiLineString';
    const p = line ? null : anchorOf(feature);
    if (!line && !p) return [];
    const [w, s, e, n] = p ? [p[0], p[1], p[0], p[1]] : turf.bbox(g);
    return this.index
      .search(w, s, e, n)
      .map((i) => this.zones[i])
      .filter((z) => (p ? turf.booleanPointInPolygon(p, z) : turf.booleanIntersects(g, z)))
      .sort((a, b) => (levelOf(a as AnyFeature) as number) - (levelOf(b as AnyFeature) as number) || compareIds(a, b));
  }
}

function levelOf(f: AnyFeature): number | null {
  const level = num(f.properties, 'level');
  return level !== null && level >= 1 && level <= 4 ? level : null;
}

function ref(z: Zone): ZoneRef {
  return {
    id: featureId(z),
    name: nameOf(z),
    level: levelOf(z as AnyFeature) as number,
    hazard_type: str(z.properties, 'hazard_type'),
  };
}

export interface LevelFigures {
  level: number;
  residents: number;
  populationPoints: number;
  shelters: number;
  protectedTargets: { total: number; people: number; byKind: Record<string, number> };
  hazards: { total: number; byKind: Record<string, number> };
}

export interface Exposed {
  feature: AnyFeature;
  zones: ZoneRef[];
  reasons: ('red_orange' | 'geohazard')[];
}

export interface UnderstatedZone {
  zone: ZoneRef;
  storedLevel: number;
  /** The highest level (lowest number) among the enterprise risk points inside. */
  impliedLevel: number;
  points: { id: string; name: string; level: number }[];
}

export interface ExposureResult {
  levels: LevelFigures[];
  exposedShelters: Exposed[];
  exposedTargets: Exposed[];
  /** Shelters and protected targets in red/orange or geohazard zones: the plan wants zero. */
  checkCount: number;
  understatedZones: UnderstatedZone[];
}

export interface ExposureOptions {
  /** Levels counted as red/orange; [1, 2] by the national rule. */
  severeLevels?: number[];
  /** Zone hazard types any shelter or target must stay out of, whatever the level. */
  excludedHazards?: string[];
}

/** Features of a large layer already placed at the highest level of the zones they lie in, by kind. */
export interface LevelCount {
  level: number;
  kind: string | null;
  count: number;
  residents: number;
}

/** Population and hazards counted by level elsewhere (by the store), beside those given whole in the layers. */
export interface PlacedByLevel {
  population?: LevelCount[];
  hazards?: LevelCount[];
}

/** Counts by kind in the order of their names, however the features came. */
const byName = (byKind: Record<string, number>) =>
  Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function exposure(input: Layers, options: ExposureOptions = {}, placed: PlacedByLevel = {}): ExposureResult {
  const severe = options.severeLevels ?? RED_ORANGE_LEVELS;
  const excluded = options.excludedHazards ?? ['geohazard'];
  const zones = new ZoneIndex(input.risk_zones);
  const levels: LevelFigures[] = LEVELS.map((level) => ({
    level,
    residents: 0,
    populationPoints: 0,
    shelters: 0,
    protectedTargets: { total: 0, people: 0, byKind: {} },
    hazards: { total: 0, byKind: {} },
  }));
  const highest = (f: AnyFeature): { level: number | null; inside: Zone[] } => {
    const inside = zones.containing(f);
    const found = inside.map((z) => levelOf(z as AnyFeature) as number);
    return { level: found.length > 0 ? Math.min(...found) : null, inside };
  };
  const add = (byKind: Record<string, number>, kind: string | null, count: number) => {
    const key = kind ?? 'unknown';
    byKind[key] = (byKind[key] ?? 0) + count;
  };
  const bump = (byKind: Record<string, number>, f: AnyFeature) => add(byKind, str(f.properties, 'kind'), 1);
  const exposedOf = (f: AnyFeature, inside: Zone[]): Exposed | null => {
    const reasons: Exposed['reasons'] = [];
    if (inside.some((z) => severe.includes(levelOf(z as AnyFeature) as number))) reasons.push('red_orange');
    if (inside.some((z) => excluded.includes(str(z.properties, 'hazard_type') ?? ''))) reasons.push('geohazard');
    return reasons.length > 0 ? { feature: f, zones: inside.map(ref), reasons } : null;
  };

  for (const p of featuresOf(input.population)) {
    const { level } = highest(p);
    if (level === null) continue;
    levels[level - 1].residents += num(p.properties, 'residents') ?? 0;
    levels[level - 1].populationPoints++;
  }
  const exposedShelters: Exposed[] = [];
  for (const s of featuresOf(input.shelters)) {
    const { level, inside } = highest(s);
    if (level === null) continue;
    levels[level - 1].shelters++;
    const e = exposedOf(s, inside);
    if (e) exposedShelters.push(e);
  }
  const exposedTargets: Exposed[] = [];
  for (const t of featuresOf(input.protected_targets)) {
    const { level, inside } = highest(t);
    if (level === null) continue;
    const figures = levels[level - 1].protectedTargets;
    figures.total++;
    figures.people += num(t.properties, 'people') ?? 0;
    bump(figures.byKind, t);
    const e = exposedOf(t, inside);
    if (e) exposedTargets.push(e);
  }
  for (const h of featuresOf(input.hazards)) {
    const { level } = highest(h);
    if (level === null) continue;
    levels[level - 1].hazards.total++;
    bump(levels[level - 1].hazards.byKind, h);
  }
  for (const c of placed.population ?? []) {
    levels[c.level - 1].residents += c.residents;
    levels[c.level - 1].populationPoints += c.count;
  }
  for (const c of placed.hazards ?? []) {
    levels[c.level - 1].hazards.total += c.count;
    add(levels[c.level - 1].hazards.byKind, c.kind, c.count);
  }
  for (const l of levels) {
    l.protectedTargets.byKind = byName(l.protectedTargets.byKind);
    l.hazards.byKind = byName(l.hazards.byKind);
  }

  return {
    levels,
    exposedShelters,
    exposedTargets,
    checkCount: exposedShelters.length + exposedTargets.length,
    understatedZones: understated(zones, featuresOf(input.enterprise_risks)),
  };
}

/** Zones stored at a lower level (higher number) than the worst enterprise risk point inside them. */
function understated(zones: ZoneIndex, points: AnyFeature[]): UnderstatedZone[] {
  const inside = new Map<Zone, AnyFeature[]>();
  for (const p of points) {
    if (levelOf(p) === null) continue;
    for (const z of zones.containing(p)) inside.set(z, [...(inside.get(z) ?? []), p]);
  }
  const out: UnderstatedZone[] = [];
  for (const z of zones.zones) {
    const ps = inside.get(z) ?? [];
    if (ps.length === 0) continue;
    const impliedLevel = Math.min(...ps.map((p) => levelOf(p) as number));
    const storedLevel = levelOf(z as AnyFeature) as number;
    if (storedLevel <= impliedLevel) continue;
    out.push({
      zone: ref(z),
      storedLevel,
      impliedLevel,
      points: ps
        .map((p) => ({ id: featureId(p), name: nameOf(p), level: levelOf(p) as number }))
        .sort((a, b) => a.level - b.level || (a.id < b.id ? -1 : 1)),
    });
  }
  return out;
}
