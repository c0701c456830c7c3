/**
 * Four-colour risk zones: geohazard-prone slopes in the mountains, floodplain along the 木兰溪,
 * storm surge on the coast, hazchem and industrial zones over the parks, forest-fire and crowded
 * places. Levels are "as assessed and stored"; one hazchem zone is deliberately stored a level too
 * low for the enterprise points inside it, so the product's consistency check has something to flag.
 */
import type { Feature, Position } from 'geojson';
import { type District, townshipAt } from '../base/district.ts';
import type { Landscape, NamedArea } from '../base/forest-areas.ts';
import type { Village } from '../base/population.ts';
import { addDays } from '../dates.ts';
import { LayerOutput } from '../feature.ts';
import { COAST_FROM, COAST_TO, OUTLINE, RIVER, SEAT } from '../geography.ts';
import { type Area, band, blob, difference, finishArea, inside, intersection, type LonLat, near } from '../geometry.ts';
import type { Profile } from '../profile.ts';
import { type Random, stream } from '../random.ts';
import { type Level, lecFor, matrixFor } from './scores.ts';

export type HazardType = 'geohazard' | 'flood' | 'forest_fire' | 'hazchem' | 'industrial' | 'crowded_place' | 'typhoon';

export interface Zone {
  name: string;
  hazardType: HazardType;
  level: Level;
  area: Area;
  method: 'LEC法' | '风险矩阵法';
  responsibleUnit: string;
  /** The zone stored too low on purpose (see the module comment). */
  understated?: boolean;
}

const MEASURES: Record<HazardType, string> = {
  geohazard: '设立警示标志,汛期加密巡查,落实群测群防,强降雨前提前转移受威胁群众',
  flood: '汛前清淤疏浚,落实防汛责任人,低洼地段设置水位标尺,预置抽排设备',
  typhoon: '台风期间船只回港、人员上岸,加强海堤巡查,预置转移安置点',
  hazchem: '重大危险源在线监测,落实双重预防机制,定期开展应急演练,控制周边人员聚集',
  industrial: '企业安全风险分级管控,隐患排查治理,特种作业持证上岗',
  forest_fire: '防火期封山管理,野外用火审批,视频监控巡查,储备扑火物资',
  crowded_place: '客流监测与限流,保持疏散通道畅通,消防设施定期检测',
};

/** Natural hazards are scored on the likelihood × severity matrix, enterprise-type risks by LEC. */
function methodFor(type: HazardType): Zone['method'] {
  return type === 'hazchem' || type === 'industrial' ? 'LEC法' : '风险矩阵法';
}

function clipped(area: Area, district: District, label: string): Area {
  const inDistrict = intersection(area, district.outline);
  if (!inDistrict) throw new Error(`${label}: outside the district`);
  return finishArea(inDistrict, label);
}

function zone(name: string, hazardType: HazardType, level: Level, area: Area, unit: string): Zone {
  return { name, hazardType, level, area, method: methodFor(hazardType), responsibleUnit: unit };
}

/** Slopes above mountain villages: the first orange one later receives a shelter on purpose. */
function geohazardZones(district: District, villages: Village[], rng: Random): Zone[] {
  const levels: Level[] = [2, 1, 1, 2, 2, 3, 3, 3, 4, 4];
  const mountain = villages.filter((v) => v.township.terrain === 'mountain' && !v.isSeat);
  return rng.sample(mountain, levels.length).map((village, i) => {
    const stem = village.name.replace(/(村|社区)$/, '');
    const shape = blob(near(village.point, rng, 150, 450), rng.between(700, 1300), rng, [1.3, 0.8]);
    const name = `${village.township.name}${stem}地质灾害易发区`;
    return zone(name, 'geohazard', levels[i], clipped(shape, district, name), `${village.township.name}人民政府`);
  });
}

/** The floodplain in three reaches, wetter towards the mouth; then low-lying streets in the seat. */
function floodZones(district: District, rng: Random): Zone[] {
  const reaches: [string, Position[], Level][] = [
    ['木兰溪国欢段洪涝风险区', RIVER.slice(0, 3), 3],
    ['木兰溪白塘段洪涝风险区', RIVER.slice(2, 5), 2],
    ['木兰溪三江口段洪涝风险区', RIVER.slice(4), 1],
  ];
  const zones = reaches.map(([name, line, level]) =>
    zone(name, 'flood', level, clipped(band(line, 600), district, name), '涵江区水利局'),
  );
  const lowStreets: [string, LonLat, Level][] = [
    ['涵东街道低洼易涝区', [119.131, 25.456], 3],
    ['涵西街道低洼易涝区', [119.101, 25.452], 4],
  ];
  for (const [name, center, level] of lowStreets) {
    zones.push(zone(name, 'flood', level, clipped(blob(center, 650, rng), district, name), '涵江区住房和城乡建设局'));
  }
  const coast = OUTLINE.slice(COAST_FROM, COAST_TO + 1);
  const surge = '兴化湾沿岸风暴潮风险区';
  zones.push(zone(surge, 'typhoon', 2, clipped(band(coast, 1000), district, surge), '涵江区应急管理局'));
  return zones;
}

/**
 * The parks split into a hazchem core and the rest. 江口's core is the understated one; a gas
 * storage site next to it is the district's one red industrial zone.
 */
function parkZones(district: District, parks: NamedArea[], rng: Random): Zone[] {
  const zones: Zone[] = [];
  const cores: [LonLat, number, Level][] = [
    [[119.184, 25.498], 800, 3],
    [[119.1, 25.492], 600, 2],
  ];
  parks.forEach((park, i) => {
    const [center, radius, level] = cores[i];
    const core = intersection(blob(center, radius, rng), park.area);
    if (!core) throw new Error(`${park.name}: empty hazchem core`);
    const coreName = `${park.name}危险化学品风险区`;
    const hazchem = zone(coreName, 'hazchem', level, finishArea(core, coreName), '涵江区应急管理局');
    if (i === 0) hazchem.understated = true;
    zones.push(hazchem);
    const rest = difference(park.area, core);
    if (!rest) throw new Error(`${park.name}: nothing outside the core`);
    const restName = `${park.name}工贸企业风险区`;
    zones.push(
      zone(
        restName,
        'industrial',
        3,
        finishArea(rest, restName),
        `${townshipAt(center, district)?.name ?? '涵江区'}人民政府`,
      ),
    );
  });
  const gas = '江口燃气储配站重大危险源风险区';
  zones.push(zone(gas, 'hazchem', 1, clipped(blob([119.206, 25.489], 420, rng), district, gas), '涵江区应急管理局'));
  return zones;
}

function otherZones(district: District, rng: Random): Zone[] {
  const spots: [string, HazardType, LonLat, number, Level, string][] = [
    ['大洋乡瑞云山森林火灾风险区', 'forest_fire', [119.07, 25.708], 2600, 2, '涵江区林业局'],
    ['新县镇外坑森林火灾风险区', 'forest_fire', [118.915, 25.7], 2200, 3, '涵江区林业局'],
    ['涵江商城商业区人员密集风险区', 'crowded_place', [119.152, 25.468], 550, 3, '涵江区商务局'],
    ['涵江汽车站人员密集风险区', 'crowded_place', [SEAT[0] + 0.006, SEAT[1] - 0.004], 300, 4, '涵江区交通运输局'],
  ];
  return spots.map(([name, type, center, radius, level, unit]) =>
    zone(name, type, level, clipped(blob(center, radius, rng), district, name), unit),
  );
}

export function planZones(district: District, villages: Village[], landscape: Landscape): Zone[] {
  const rng = stream('risk-zones');
  return [
    ...geohazardZones(district, villages, rng),
    ...floodZones(district, rng),
    ...parkZones(district, landscape.parks, rng),
    ...otherZones(district, rng),
  ];
}

/**
 * A zone's stored level should be at least as severe as the worst enterprise point inside it;
 * every zone but the understated one is raised to agree.
 */
export function agreeWithPoints(zones: Zone[], points: { point: LonLat; level: Level }[]): void {
  for (const z of zones) {
    if (z.understated) continue;
    for (const p of points) if (p.level < z.level && inside(p.point, z.area)) z.level = p.level;
  }
}

function isSevere(z: Zone): boolean {
  return z.level <= 2;
}

/** Where shelters and vulnerable targets should not be: red/orange zones and any geohazard zone. */
export function isExposed(point: LonLat, zones: Zone[]): boolean {
  return zones.some((z) => (isSevere(z) || z.hazardType === 'geohazard') && inside(point, z.area));
}

export function riskZonesLayer(zones: Zone[], profile: Profile): Feature[] {
  const rng = stream('risk-zone-scores');
  const out = new LayerOutput('risk_zones');
  for (const z of zones) {
    const score =
      z.method === 'LEC法' ? lecFor(z.level, profile.lec, rng).score : matrixFor(z.level, profile.matrix, rng).score;
    out.add(z.name, z.area, {
      level: z.level,
      hazard_type: z.hazardType,
      score,
      method: z.method,
      control_measures: MEASURES[z.hazardType],
      responsible_unit: z.responsibleUnit,
      reviewed_on: addDays('2023-03-01', rng.int(0, 800)),
    });
  }
  return out.features;
}
