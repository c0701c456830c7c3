/**
 * Rescue teams: the plan's 13 professional and 3 social teams (涵江蓝天救援队 among them), plus
 * township composite teams in ten of the fourteen townships — the four without one are the gap the
 * per-township completeness check should show. Plain teams do water rescue, mountain teams fight
 * forest fires: that is what "closest team with water-rescue skills" filters on.
 */
import type { Feature } from 'geojson';
import type { District, Township } from '../base/district.ts';
import { LayerOutput } from '../feature.ts';
import { SEAT } from '../geography.ts';
import { type LonLat, nearIn } from '../geometry.ts';
import { personName, phone } from '../names.ts';
import { type Random, stream } from '../random.ts';

type Kind = 'professional' | 'fire' | 'forest' | 'social' | 'militia' | 'township_composite';

interface TeamSpec {
  name: string;
  kind: Kind;
  specialties: string[];
  /** Township the base is in; undefined means near the seat. */
  township?: string;
  members: [number, number];
}

const DISTRICT_TEAMS: TeamSpec[] = [
  {
    name: '涵江区消防救援大队',
    kind: 'fire',
    specialties: ['water_rescue', 'collapse', 'hazmat', 'earthquake'],
    members: [60, 90],
  },
  {
    name: '涵江区森林消防专业队',
    kind: 'forest',
    specialties: ['forest_fire', 'mountain'],
    township: '萩芦镇',
    members: [30, 45],
  },
  { name: '涵江区民兵应急连', kind: 'militia', specialties: ['flood', 'traffic'], members: [80, 120] },
  {
    name: '涵江区防汛抢险专业队',
    kind: 'professional',
    specialties: ['water_rescue', 'flood'],
    township: '白塘镇',
    members: [30, 50],
  },
  {
    name: '涵江区危化品应急救援队',
    kind: 'professional',
    specialties: ['hazmat'],
    township: '江口镇',
    members: [20, 35],
  },
  {
    name: '涵江区地质灾害应急抢险队',
    kind: 'professional',
    specialties: ['mountain', 'collapse', 'traffic'],
    township: '白沙镇',
    members: [20, 30],
  },
  { name: '涵江区电力应急抢修队', kind: 'professional', specialties: ['power'], members: [25, 40] },
  { name: '涵江区医疗应急救援队', kind: 'professional', specialties: ['medical'], members: [20, 30] },
  {
    name: '涵江区交通应急抢通队',
    kind: 'professional',
    specialties: ['traffic', 'collapse'],
    township: '梧塘镇',
    members: [25, 40],
  },
  {
    name: '庄边镇半专业森林消防队',
    kind: 'forest',
    specialties: ['forest_fire', 'mountain'],
    township: '庄边镇',
    members: [15, 25],
  },
  {
    name: '新县镇半专业森林消防队',
    kind: 'forest',
    specialties: ['forest_fire', 'mountain'],
    township: '新县镇',
    members: [15, 25],
  },
  {
    name: '大洋乡森林消防专业队',
    kind: 'forest',
    specialties: ['forest_fire', 'mountain'],
    township: '大洋乡',
    members: [15, 25],
  },
  {
    name: '江口港区水上应急救援队',
    kind: 'professional',
    specialties: ['water_rescue', 'flood', 'hazmat'],
    township: '江口镇',
    members: [20, 30],
  },
  {
    name: '涵江蓝天救援队',
    kind: 'social',
    specialties: ['water_rescue', 'mountain', 'medical', 'earthquake'],
    members: [40, 70],
  },
  { name: '涵江红十字应急救护队', kind: 'social', specialties: ['medical'], township: '涵西街道', members: [20, 40] },
  {
    name: '涵江曙光公益救援队',
    kind: 'social',
    specialties: ['water_rescue', 'flood'],
    township: '三江口镇',
    members: [15, 30],
  },
];

/** The townships that have not yet formed a composite team. */
const WITHOUT_COMPOSITE_TEAM = new Set(['国欢镇', '大洋乡', '涵江商城管委会', '赤港华侨经济开发区']);

function compositeSpecialties(township: Township, rng: Random): string[] {
  const base = township.terrain === 'mountain' ? ['forest_fire', 'mountain', 'flood'] : ['water_rescue', 'flood'];
  return rng.chance(0.5) ? [...base, 'traffic'] : base;
}

function compositeTeams(district: District, rng: Random): TeamSpec[] {
  return district.townships
    .filter((t) => !WITHOUT_COMPOSITE_TEAM.has(t.name))
    .map((t) => ({
      name: `${t.name}应急救援队`,
      kind: 'township_composite',
      specialties: compositeSpecialties(t, rng),
      township: t.name,
      members: [20, 40],
    }));
}

function baseOf(spec: TeamSpec, district: District, rng: Random): LonLat {
  const township = district.townships.find((t) => t.name === spec.township);
  return township
    ? nearIn(township.seed, township.area, rng, 100, 1200)
    : nearIn(SEAT, district.outline, rng, 300, 2500);
}

export function teamsLayer(district: District): Feature[] {
  const rng = stream('teams');
  const specs = [...DISTRICT_TEAMS, ...compositeTeams(district, rng)];
  // Two teams stood down (training rotation, vehicles in repair) so "on duty" filters have an effect.
  const offDuty = new Set(['涵江区交通应急抢通队', '江口镇应急救援队']);
  const out = new LayerOutput('teams');
  for (const spec of specs) {
    const members = rng.int(...spec.members);
    out.add(
      spec.name,
      { type: 'Point', coordinates: baseOf(spec, district, rng) },
      {
        kind: spec.kind,
        specialties: spec.specialties,
        status: 'existing',
        on_duty: !offDuty.has(spec.name),
        members,
        vehicles: Math.max(1, Math.round(members / rng.int(6, 12))),
        leader: personName(rng),
        phone: phone(rng),
      },
    );
  }
  return out.features;
}
