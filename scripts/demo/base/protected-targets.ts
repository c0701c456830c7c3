/**
 * Schools, kindergartens, hospitals, nursing homes and the detention centre: what the exposure
 * check counts. They are sited near people and out of red, orange and geohazard zones — except one
 * school in a red zone and one nursing home in an orange one, which the check should report.
 */
import type { Feature } from 'geojson';
import { LayerOutput } from '../feature.ts';
import { shortName } from '../geography.ts';
import { type LonLat, nearestAcceptable, randomPointIn } from '../geometry.ts';
import { personName, phone } from '../names.ts';
import { type Random, stream } from '../random.ts';
import { isExposed, type Zone } from '../risk/risk-zones.ts';
import type { District } from './district.ts';
import type { Village } from './population.ts';

type Kind = 'school' | 'kindergarten' | 'hospital' | 'nursing_home' | 'prison';

interface Target {
  name: string;
  kind: Kind;
  people: number;
  /** The village it serves, or for the deliberately exposed ones the exact spot. */
  near: Village | LonLat;
}

function stem(village: Village): string {
  return village.name.replace(/(村|社区)$/, '');
}

function seatOf(villages: Village[], township: string): Village {
  return villages.find((v) => v.isSeat && v.township.name === township) as Village;
}

/** Every township has a central primary school, a middle school, a central kindergarten and an old people's home. */
function townshipTargets(district: District, villages: Village[], rng: Random): Target[] {
  return district.townships.flatMap((t) => {
    const seat = seatOf(villages, t.name);
    const short = shortName(t.name);
    return [
      { name: `${short}中心小学`, kind: 'school', people: rng.int(600, 1800), near: seat },
      { name: `${short}中学`, kind: 'school', people: rng.int(800, 2500), near: seat },
      { name: `${short}中心幼儿园`, kind: 'kindergarten', people: rng.int(150, 360), near: seat },
      { name: `${short}敬老院`, kind: 'nursing_home', people: rng.int(30, 120), near: seat },
    ] satisfies Target[];
  });
}

function districtTargets(villages: Village[], rng: Random): Target[] {
  const seat = seatOf(villages, '涵东街道');
  const west = seatOf(villages, '涵西街道');
  return [
    { name: '涵江区医院', kind: 'hospital', people: 800, near: seat },
    { name: '涵江区中医院', kind: 'hospital', people: 300, near: west },
    { name: '涵江区妇幼保健院', kind: 'hospital', people: 150, near: seat },
    { name: '涵江区社会福利中心', kind: 'nursing_home', people: rng.int(150, 200), near: west },
    { name: '涵江区看守所', kind: 'prison', people: rng.int(300, 800), near: seatOf(villages, '梧塘镇') },
  ];
}

/** Health centres in the towns furthest from the district hospital. */
function healthCentres(villages: Village[], rng: Random): Target[] {
  const towns = ['萩芦镇', '白沙镇', '庄边镇', '新县镇', '大洋乡', '江口镇', '三江口镇'];
  return towns.map((t) => ({
    name: `${shortName(t)}卫生院`,
    kind: 'hospital',
    people: rng.int(20, 60),
    near: seatOf(villages, t),
  }));
}

/** The rest of the 80 schools and 40 kindergartens, in villages picked by size. */
function villageSchools(villages: Village[], rng: Random, schools: number, kindergartens: number): Target[] {
  const pool = villages.filter((v) => !v.isSeat);
  const pick = () => rng.weighted(pool, (v) => v.residents);
  const used = new Set<string>();
  const out: Target[] = [];
  const add = (kind: Kind, suffix: string, people: [number, number]) => {
    for (;;) {
      const v = pick();
      const name = `${stem(v)}${suffix}`;
      if (used.has(name)) continue;
      used.add(name);
      out.push({ name, kind, people: rng.int(...people), near: v });
      return;
    }
  };
  for (let i = 0; i < schools; i++) add('school', '小学', [100, 900]);
  for (let i = 0; i < kindergartens; i++) add('kindergarten', '幼儿园', [60, 300]);
  return out;
}

/** The two exposed targets: a village school in the red floodplain, a nursing home in an orange zone. */
function exposedTargets(zones: Zone[], rng: Random): Target[] {
  const red = zones.find((z) => z.level === 1 && z.hazardType === 'flood');
  const orange = zones.find((z) => z.level === 2 && z.hazardType === 'flood');
  if (!red || !orange) throw new Error('expected a red and an orange flood zone');
  return [
    { name: '三江口沿江小学', kind: 'school', people: rng.int(300, 600), near: randomPointIn(red.area, rng) },
    { name: '白塘溪边养老院', kind: 'nursing_home', people: rng.int(40, 90), near: randomPointIn(orange.area, rng) },
  ];
}

export function protectedTargetsLayer(district: District, villages: Village[], zones: Zone[]): Feature[] {
  const rng = stream('protected-targets');
  const exposed = exposedTargets(zones, rng);
  const targets = [
    ...districtTargets(villages, rng),
    ...healthCentres(villages, rng),
    ...townshipTargets(district, villages, rng),
    ...villageSchools(villages, rng, 80 - 28 - 1, 40 - 14),
    ...exposed,
  ];
  const out = new LayerOutput('protected_targets');
  for (const t of targets) {
    const point = Array.isArray(t.near)
      ? t.near
      : nearestAcceptable(t.near.point, district.outline, rng, 100, 800, (p) => !isExposed(p, zones));
    out.add(
      t.name,
      { type: 'Point', coordinates: point },
      {
        kind: t.kind,
        people: t.people,
        contact_person: personName(rng),
        phone: phone(rng),
      },
    );
  }
  return out.features;
}
