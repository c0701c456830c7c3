/**
 * Hazard points and their rectification: landslides and mountain roads in the north, waterlogging
 * and flood-prone spots on the plain, embankment sections (lines) on the 木兰溪, hazchem and major
 * hazard sources in the parks, crowded places in town. Stage dates are built backwards from the
 * as-of day so every chain is found ≤ listed ≤ rectifying ≤ closed and none lies in the future.
 */
import * as turf from '@turf/turf';
import type { Feature, Geometry, Position } from 'geojson';
import type { District } from '../base/district.ts';
import type { Village } from '../base/population.ts';
import { AS_OF, addDays, daysBetween } from '../dates.ts';
import { LayerOutput } from '../feature.ts';
import { RIVER, shortName } from '../geography.ts';
import { distanceM, finishLine, inside, type LonLat, nearIn } from '../geometry.ts';
import { personName, phone } from '../names.ts';
import { type Random, stream } from '../random.ts';
import type { RiskPoint } from '../risk/enterprise-risks.ts';
import type { Zone } from '../risk/risk-zones.ts';

type Kind =
  | 'landslide'
  | 'waterlogging'
  | 'flood_prone'
  | 'reservoir'
  | 'embankment'
  | 'hazchem'
  | 'major_hazard'
  | 'crowded_place'
  | 'road';

interface Hazard {
  name: string;
  kind: Kind;
  geometry: Geometry;
}

/** Typical people threatened by one hazard of each kind, low and high. */
const PEOPLE: Record<Kind, [number, number]> = {
  landslide: [5, 150],
  waterlogging: [50, 800],
  flood_prone: [100, 2000],
  reservoir: [200, 3000],
  embankment: [1000, 15000],
  hazchem: [50, 500],
  major_hazard: [200, 3000],
  crowded_place: [500, 5000],
  road: [0, 60],
};

const STAGES = ['found', 'listed', 'rectifying', 'closed'] as const;
type Stage = (typeof STAGES)[number];

const EARLIEST_FOUND = '2021-01-01';

function stem(village: Village): string {
  return village.name.replace(/(村|社区)$/, '');
}

function point(p: LonLat): Geometry {
  return { type: 'Point', coordinates: p };
}

/** One landslide inside each geohazard zone (that is why the zone is there), the rest near mountain villages. */
function landslides(district: District, villages: Village[], zones: Zone[], rng: Random): Hazard[] {
  const mountain = villages.filter((v) => v.township.terrain === 'mountain');
  const kinds = ['后山滑坡', '边坡崩塌', '沟泥石流', '山体滑坡'];
  const out: Hazard[] = [];
  const add = (village: Village, p: LonLat) => {
    const name = `${stem(village)}${rng.pick(kinds)}`;
    if (!out.some((h) => h.name === name)) out.push({ name, kind: 'landslide', geometry: point(p) });
  };
  for (const z of zones.filter((z) => z.hazardType === 'geohazard')) {
    const center = turf.pointOnFeature(z.area).geometry.coordinates;
    const village = mountain.reduce((a, b) => (distanceM(a.point, center) < distanceM(b.point, center) ? a : b));
    add(village, nearIn(center, z.area, rng, 0, 400));
  }
  while (out.length < 22) {
    const village = rng.pick(mountain);
    add(village, nearIn(village.point, district.outline, rng, 200, 900));
  }
  return out;
}

function plainHazards(district: District, villages: Village[], rng: Random): Hazard[] {
  const urban = villages.filter((v) => v.township.terrain === 'urban' || (v.township.terrain === 'plain' && v.isSeat));
  const plain = villages.filter((v) => v.township.terrain === 'plain');
  const river = turf.lineString(RIVER);
  const byRiver = plain.filter((v) => turf.pointToLineDistance(v.point, river, { units: 'meters' }) < 2500);
  const out: Hazard[] = [];
  for (const village of rng.sample(urban, 12)) {
    const p = nearIn(village.point, district.outline, rng, 50, 400);
    out.push({
      name: `${stem(village)}${rng.pick(['低洼内涝点', '下穿通道内涝点', '路口积水点'])}`,
      kind: 'waterlogging',
      geometry: point(p),
    });
  }
  for (const village of rng.sample(byRiver, 8)) {
    const p = nearIn(village.point, district.outline, rng, 100, 600);
    out.push({ name: `${stem(village)}沿溪易淹区`, kind: 'flood_prone', geometry: point(p) });
  }
  const crowded = ['农贸市场', '商业综合体', '影剧院', '汽车站', '体育馆', '商业步行街', '大型超市', '宗教活动场所'];
  for (const [i, village] of rng.sample(urban, crowded.length).entries()) {
    const p = nearIn(village.point, district.outline, rng, 50, 400);
    out.push({ name: `${stem(village)}${crowded[i]}`, kind: 'crowded_place', geometry: point(p) });
  }
  return out;
}

/** Reservoirs sit up the valleys at the foot of the mountains; roads hazards on mountain roads. */
function hillHazards(district: District, villages: Village[], rng: Random): Hazard[] {
  const foothills = villages.filter(
    (v) => v.township.terrain === 'mountain' || (v.township.terrain === 'plain' && v.point[1] > 25.49),
  );
  const out: Hazard[] = [];
  for (const village of rng.sample(foothills, 6)) {
    const p = nearIn(village.point, district.outline, rng, 600, 1500);
    out.push({ name: `${stem(village)}${rng.pick(['水库', '山塘'])}`, kind: 'reservoir', geometry: point(p) });
  }
  const mountain = villages.filter((v) => v.township.terrain === 'mountain');
  for (const village of rng.sample(mountain, 7)) {
    const p = nearIn(village.point, district.outline, rng, 300, 1200);
    const chainage = `K${rng.int(2, 38)}+${String(rng.int(0, 9) * 100).padStart(3, '0')}`;
    out.push({ name: `${shortName(village.township.name)}乡道${chainage}边坡隐患`, kind: 'road', geometry: point(p) });
  }
  return out;
}

/** Sections of the 木兰溪 embankments: the river line sliced and shifted onto one bank. */
function embankments(district: District, rng: Random): Hazard[] {
  const river = turf.lineString(RIVER);
  const reaches: [number, number, string][] = [
    [0.6, 2.4, '国欢'],
    [3.8, 5.6, '白塘'],
    [7.2, 9.0, '涵东'],
    [10.2, 11.8, '三江口'],
  ];
  return reaches.map(([from, to, place]) => {
    const bank = rng.chance(0.5) ? 1 : -1;
    const slice = turf.lineSliceAlong(river, from, to, { units: 'kilometers' });
    const line = turf.lineOffset(slice, bank * 0.12, { units: 'kilometers' }).geometry.coordinates;
    if (!line.every((p: Position) => inside(p, district.outline)))
      throw new Error(`embankment ${place} leaves the district`);
    const side = bank > 0 ? '右岸' : '左岸';
    return { name: `木兰溪${place}段${side}堤防险段`, kind: 'embankment', geometry: finishLine(line) };
  });
}

/** Hazchem enterprises and major hazard sources are the parks' enterprises seen as hazards. */
function parkHazards(riskPoints: RiskPoint[], rng: Random): Hazard[] {
  const enterprises = [...new Map(riskPoints.map((p) => [p.enterprise, p])).values()];
  const picked = rng.sample(enterprises, 13);
  return picked.map((p, i) =>
    i < 8
      ? { name: p.enterprise, kind: 'hazchem', geometry: point(p.point) }
      : { name: `${p.name}重大危险源`, kind: 'major_hazard', geometry: point(p.point) },
  );
}

/** Dates walk backwards from the as-of day, so later stages never lie in the future. */
function stageDates(stage: Stage, rng: Random): Record<string, string | null> {
  const reached = STAGES.indexOf(stage);
  const gaps = [rng.int(5, 45), rng.int(10, 90), rng.int(20, 300)].slice(0, reached);
  const span = gaps.reduce((a, b) => a + b, 0);
  const room = daysBetween(EARLIEST_FOUND, AS_OF) - span;
  const dates: (string | null)[] = [addDays(EARLIEST_FOUND, rng.int(0, room))];
  for (const gap of gaps) dates.push(addDays(dates[dates.length - 1] as string, gap));
  while (dates.length < STAGES.length) dates.push(null);
  const [found_on, listed_on, rectifying_on, closed_on] = dates;
  return { found_on, listed_on, rectifying_on, closed_on };
}

/** Hazards past their rectification deadline on the as-of day: what the situation home flags. */
const OVERDUE = 4;

/**
 * Rectification deadlines (整改期限) of the listed and rectifying hazards, from a stream of their own
 * so the other attributes stay as they were: a few, listed long enough ago, are past it on the as-of
 * day; the rest fall due within the next two years. A closed hazard kept its deadline; a hazard only
 * found has none yet.
 */
function rectifyBy(
  stages: { listed_on?: string | null; closed_on?: string | null }[],
  reached: Stage[],
): (string | null)[] {
  const rng = stream('hazard-deadlines');
  const open = reached.flatMap((s, i) => (s === 'listed' || s === 'rectifying' ? [i] : []));
  const longListed = open.filter((i) => (stages[i].listed_on as string) <= addDays(AS_OF, -100));
  const overdue = new Set(rng.sample(longListed, OVERDUE));
  return reached.map((stage, i) => {
    if (overdue.has(i)) return addDays(AS_OF, -rng.int(7, 60));
    if (stage === 'listed' || stage === 'rectifying') return addDays(AS_OF, rng.int(15, 730));
    if (stage === 'closed') return addDays(stages[i].closed_on as string, rng.int(0, 60));
    return null;
  });
}

export function hazardsLayer(
  district: District,
  villages: Village[],
  zones: Zone[],
  riskPoints: RiskPoint[],
): Feature[] {
  const rng = stream('hazards');
  const hazards = [
    ...landslides(district, villages, zones, rng),
    ...plainHazards(district, villages, rng),
    ...hillHazards(district, villages, rng),
    ...embankments(district, rng),
    ...parkHazards(riskPoints, rng),
  ];
  const out = new LayerOutput('hazards');
  const drawn = hazards.map((h) => {
    const stage = rng.weighted(STAGES, (s) => ({ found: 15, listed: 25, rectifying: 25, closed: 35 })[s]);
    const [low, high] = PEOPLE[h.kind];
    const people = rng.int(low, high);
    const property = Math.round(people * rng.between(1.5, 12) * 10) / 10;
    const dates = stageDates(stage, rng);
    const values = {
      kind: h.kind,
      stage,
      threatened_people: people,
      threatened_property_wan: property,
      ...dates,
      responsible_person: personName(rng),
      phone: phone(rng),
    };
    return { h, stage, values, dates };
  });
  const deadlines = rectifyBy(
    drawn.map((d) => d.dates),
    drawn.map((d) => d.stage),
  );
  drawn.forEach(({ h, values }, i) => {
    out.add(h.name, h.geometry, { ...values, rectify_by: deadlines[i] });
  });
  return out.features;
}
