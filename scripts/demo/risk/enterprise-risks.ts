/**
 * Enterprise risk points in the two industrial parks, scored by LEC (most) or the L×S matrix (a few)
 * with the profile's bands. The first point goes into the understated hazchem zone at level 1, which
 * is what makes that zone's stored yellow visibly wrong.
 */
import type { Feature } from 'geojson';
import type { NamedArea } from '../base/forest-areas.ts';
import { LayerOutput } from '../feature.ts';
import { type LonLat, nearIn, randomPointIn } from '../geometry.ts';
import { CompanyNames, personName, phone } from '../names.ts';
import type { Profile } from '../profile.ts';
import { type Random, stream } from '../random.ts';
import type { Zone } from './risk-zones.ts';
import { type Level, lecFor, matrixFor } from './scores.ts';

export interface RiskPoint {
  name: string;
  enterprise: string;
  point: LonLat;
  method: 'LEC' | 'LS';
  level: Level;
}

const UNITS = [
  '液氨储罐区',
  '甲醇罐区',
  '液化气充装区',
  '反应釜车间',
  '危险品仓库',
  '涂装车间',
  '锅炉房',
  '配电室',
  '污水处理池(有限空间)',
  '粉尘作业车间',
  '装卸站台',
  '燃气调压站',
];

const CONTROLS = [
  '设置可燃气体报警与紧急切断装置,每日巡检',
  '落实双人作业与作业票制度,定期检测',
  '配备防爆电气与静电接地,每季度检测',
  '有限空间先通风、再检测、后作业',
  '除尘系统定期清灰,禁止明火作业',
  '设置围堰与应急物资柜,定期演练',
];

/** Mostly yellow and blue, a handful orange, a couple red: what a real park register looks like. */
const LEC_LEVELS: Level[] = [1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
const LS_LEVELS: Level[] = [2, 3, 3, 4, 4];

function levelPlan(rng: Random, total: number): { method: 'LEC' | 'LS'; level: Level }[] {
  const lec = Array.from({ length: total - LS_LEVELS.length }, (_, i): Level => LEC_LEVELS[i] ?? 4);
  // The first stays level 1 LEC: it is the point placed in the understated zone.
  const [first, ...rest] = lec.map((level) => ({ method: 'LEC' as const, level }));
  return [first, ...rng.shuffle([...rest, ...LS_LEVELS.map((level) => ({ method: 'LS' as const, level }))])];
}

/** The first 28 points in 江口's park, the rest in 梧塘's. */
const POINTS_IN_FIRST_PARK = 28;

/** 江口's port park takes the chemical trades; 梧塘's park is light industry. */
const PARK_TRADES = [
  ['化工', '精细化工', '新材料', '涂料', '油品', '燃气'],
  ['食品', '纺织', '鞋业', '电子', '机械', '包装', '塑胶', '化学'],
];

export function placeRiskPoints(parks: NamedArea[], zones: Zone[], rng: Random, total = 40): RiskPoint[] {
  const companies = new CompanyNames(stream('company-names'));
  const understated = zones.find((z) => z.understated);
  if (!understated) throw new Error('no understated zone to seed');
  const points: RiskPoint[] = [];
  let enterprise = '';
  let site: LonLat = [0, 0];
  let unitsUsed: string[] = [];
  for (const [i, plan] of levelPlan(rng, total).entries()) {
    const park = i < POINTS_IN_FIRST_PARK ? 0 : 1;
    const area = i === 0 ? understated.area : parks[park].area;
    // Each enterprise has one to three risk points within a couple of hundred metres of each other.
    if (i === 0 || i === POINTS_IN_FIRST_PARK || rng.chance(0.45)) {
      enterprise = companies.next(PARK_TRADES[park]);
      site = randomPointIn(area, rng);
      unitsUsed = [];
    }
    const point = i === 0 ? site : nearIn(site, area, rng, 20, 200);
    const unit = rng.pick(UNITS.filter((u) => !unitsUsed.includes(u)));
    unitsUsed.push(unit);
    const name = `${enterprise.replace(/^莆田|有限公司$/g, '')}${unit}`;
    points.push({ name, enterprise, point, ...plan });
  }
  return points;
}

export function enterpriseRisksLayer(points: RiskPoint[], profile: Profile): Feature[] {
  const rng = stream('enterprise-risk-scores');
  const out = new LayerOutput('enterprise_risks');
  for (const p of points) {
    const lec = p.method === 'LEC' ? lecFor(p.level, profile.lec, rng) : null;
    const matrix = p.method === 'LS' ? matrixFor(p.level, profile.matrix, rng) : null;
    out.add(
      p.name,
      { type: 'Point', coordinates: p.point },
      {
        enterprise: p.enterprise,
        method: p.method,
        l: lec?.l ?? matrix?.l ?? null,
        e: lec?.e ?? null,
        c: lec?.c ?? null,
        s: matrix?.s ?? null,
        score: lec?.score ?? matrix?.score ?? 0,
        level: p.level,
        // Scores assess the risk as it stands; controls can only lower the residual level.
        inherent_level: p.level,
        residual_level: Math.min(4, p.level + rng.pick([0, 1, 1, 2])),
        controls: rng.pick(CONTROLS),
        contact_person: personName(rng),
        phone: phone(rng),
      },
    );
  }
  return out.features;
}
