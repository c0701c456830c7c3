/**
 * The district profile: targets, thresholds and rules of thumb, data rather than code, since every
 * district's plan sets its own (README, configuration). data/profiles holds one for each district
 * whose plan OneMap carries (data/profiles/plans); a bureau chooses one by its district code or by
 * the path of its own file. Each target cites its plan; targets the scorecard cannot measure are
 * listed under `unmeasured` with the reason. A profile whose code is not the stored district's is
 * said at start-up: its targets would be another district's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_ROAD_SPEEDS_KMH, DEFAULT_WALK_KMH, ROAD_CLASSES, type RoadClass } from '../catalog/road-classes.ts';
import type { Profile } from './analysis/types.ts';
import type { ReportingRule } from './incidents/deadlines.ts';
import { allFields, findLayer } from './layers/registry.ts';
import type { Store } from './store/index.ts';

const PROFILES_DIR = fileURLToPath(new URL('../data/profiles/', import.meta.url));
const DEFAULT_PROFILE = `${PROFILES_DIR}hanjiang.json`;

/** A profile as data/profiles holds it: the analyses' Profile, the district's code and its plan. */
export interface DistrictProfile extends Profile {
  /** The district's administrative division code (行政区划代码), six digits. */
  code: string;
  /** The plan the targets cite, a file of data/profiles/plans. */
  plan?: { file: string; title: string };
  /** Targets of the plan the scorecard cannot measure (each also in `targets`), by id, with why. */
  unmeasured: Record<string, string>;
  /** Where the thresholds a plan does not set come from (national standards, assumptions), by block. */
  basis?: Record<string, string>;
  /** Minutes from a first report received to the reports upward, by phone and in writing. */
  reporting: ReportingRule & { source?: string; quote?: string };
  /** Travel on roads: km/h by road class (a segment's own speed wins), and on foot to the nearest road. */
  roads: { speeds_kmh: Record<RoadClass, number>; walk_kmh: number };
}

/**
 * The national practice when a profile says nothing: a phone report within 30 minutes of the first
 * report received, a written one within an hour (《突发事件应急预案管理办法》 and the reporting rules
 * under 《国家突发公共事件总体应急预案》).
 */
const NATIONAL_REPORTING: ReportingRule = { phone_minutes: 30, written_minutes: 60 };

/** The reporting deadlines of any profile: its own, or the national practice. */
export function reportingRule(profile: Profile): ReportingRule {
  return (profile as Partial<DistrictProfile>).reporting ?? NATIONAL_REPORTING;
}

const positive = z.number().positive();

/**
 * A profile written before roads existed has no `roads` block and still loads, with the catalog's
 * default speeds; one that has the block names a speed for every class, each in (0, 200] km/h.
 */
const speed = positive.max(200);
const roads = z
  .strictObject({
    speeds_kmh: z.strictObject(
      Object.fromEntries(ROAD_CLASSES.map((c) => [c, speed])) as Record<RoadClass, typeof speed>,
    ),
    walk_kmh: positive.max(20),
  })
  .default({ speeds_kmh: DEFAULT_ROAD_SPEEDS_KMH, walk_kmh: DEFAULT_WALK_KMH });
const schema = z.looseObject({
  id: z.string().min(1),
  name: z.object({ zh: z.string().min(1), en: z.string() }),
  code: z.string().regex(/^\d{6}$/, 'must be a six-digit district code'),
  shelter: z.record(z.string(), z.object({ radius_m: positive, m2_per_person: positive })),
  fire: z.object({ response_minutes: positive, speed_kmh: positive }),
  relief: z.object({ limit_hours: positive, speed_kmh: positive }),
  targets: z.record(
    z.string(),
    z.looseObject({
      value: z.number().nullable(),
      unit: z.string(),
      comparison: z.enum(['>=', '>', '<=', '<']),
    }),
  ),
  unmeasured: z.record(z.string(), z.string().min(1)).default({}),
  reporting: z
    .looseObject({ phone_minutes: positive, written_minutes: positive })
    .refine((r) => r.written_minutes >= r.phone_minutes, 'written_minutes must not be less than phone_minutes')
    .default({ ...NATIONAL_REPORTING }),
  roads,
});

function read(path: string): DistrictProfile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not a readable district profile (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new Error(`${path}: the district profile's "${issue.path.join('.')}" ${issue.message}`);
  }
  return parsed.data as DistrictProfile;
}

/** The profiles data/profiles holds, with their files. */
export function shippedProfiles(): { path: string; profile: DistrictProfile }[] {
  return readdirSync(PROFILES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ path: `${PROFILES_DIR}${name}`, profile: read(`${PROFILES_DIR}${name}`) }));
}

/**
 * Loads a profile chosen by a district code (`330326`: the one data/profiles holds for it) or by a
 * path; the demo district's when nothing is chosen. Throws, naming the file and the field, when the
 * profile is not one.
 */
export function loadProfile(choice: string = DEFAULT_PROFILE): DistrictProfile {
  if (!/^\d{6}$/.test(choice)) return read(choice);
  const shipped = shippedProfiles();
  const found = shipped.find((s) => s.profile.code === choice);
  if (found) return found.profile;
  const known = shipped.map((s) => `${s.profile.code} (${s.profile.name.zh})`).join(', ');
  throw new Error(`no district profile has the code ${choice}; data/profiles holds ${known}, or give a file's path`);
}

/**
 * Why the profile may not be the district's: its code differs from the code of the district row of
 * the store's admin areas, naming both, or the store holds no district yet. Nothing when they agree.
 */
export async function profileMismatch(
  store: Pick<Store, 'listItems'>,
  profile: DistrictProfile,
): Promise<string | undefined> {
  const admin = findLayer('admin_areas');
  const level = admin && allFields(admin).find((f) => f.name === 'level');
  if (!admin || !level) return undefined;
  const { features } = await store.listItems(admin, {
    audience: 'public',
    filters: [{ field: level, values: ['district'] }],
    limit: 1,
    offset: 0,
  });
  const mine = `${profile.name.zh} (${profile.code})`;
  if (features.length === 0)
    return `The store holds no district yet; analyses score against the profile of ${mine}. Set ONEMAP_PROFILE to the district's code or profile once its boundary is loaded.`;
  const district = features[0].properties ?? {};
  const code = district.code == null ? '' : String(district.code);
  if (code === profile.code) return undefined;
  const theirs = `${district.name ?? '?'} (${code || 'no code'})`;
  const shipped = shippedProfiles().some((s) => s.profile.code === code);
  const fix = shipped ? `Set ONEMAP_PROFILE=${code}` : "Set ONEMAP_PROFILE to the path of the district's own profile";
  return `The district profile is ${mine}, but the store's district is ${theirs}: the targets are another district's. ${fix}.`;
}
