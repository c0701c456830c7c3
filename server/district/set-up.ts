import { resolve } from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Dataset } from '../../catalog/datasets.ts';
import { DEMO_LOADER } from '../demo/load-demo.ts';
import type { Parser } from '../import/parse.ts';
import { type DistrictProfile, loadProfile } from '../profile.ts';
import type { LoaderData } from '../store/district.ts';
import type { FeatureInput } from '../store/feature-records.ts';
import type { Store } from '../store/index.ts';
import { type DistrictPart, DistrictRefused, type Door, input as named, refuse, spell, type Words } from './errors.ts';
import { checkBoundary, outsideDistrict } from './plausible.ts';
import { profileFor } from './profiles.ts';
import { type AreaFile, type AreaLevel, type CrsOption, type FileReading, readAreas } from './read-areas.ts';

/**
 * Sets up the store for a bureau's own district from a boundary file (and optionally its townships
 * and villages): every check first, then one transaction that replaces the admin areas and names the
 * dataset, so a refusal leaves the store as it was. The demo's other data stays unless `clearDemo`
 * says otherwise, and even then only what nobody has changed since the demo loaded it. A dry run
 * does the same and rolls it back: the report of what a set-up would do, for the user to confirm.
 */

export interface DistrictInput {
  boundary: AreaFile;
  townships?: AreaFile;
  villages?: AreaFile;
  /** The district's name and six-digit code; the boundary file's when absent. */
  name?: string;
  code?: string;
  /** A profile by code or path; the district's own code's when absent and one exists. */
  profile?: string;
  crs?: CrsOption;
  clearDemo?: boolean;
  /** Report what the set-up would do and write nothing. */
  dryRun?: boolean;
  user: string;
  /** How the messages name the other inputs; the command line's flags when absent. */
  door?: Door;
  /** Reads each file; in this thread when absent (the command line), in a worker for the API. */
  parser?: Parser;
}

export interface DistrictReport {
  district: {
    name: string;
    code: string;
    areaKm2: number;
    extent: [number, number, number, number];
    /** The boundary as stored (WGS 84), for a screen to draw before the user confirms. */
    geometry: Polygon | MultiPolygon;
  };
  counts: Record<AreaLevel, number>;
  /** Admin areas the set-up replaced. */
  replaced: number;
  files: FileReading[];
  profile: { key: string | null; id: string; name: Words; code: string };
  /** The store held the demo before. */
  wasDemo: boolean;
  /** The district the store was set up for before, if any (the demo's included). */
  previous: { name: string; code: string | null; demo: boolean } | null;
  demo: { cleared: LoaderData; left: LoaderData };
  warnings: Words[];
  /** Nothing was written: this is what the set-up would do. */
  dryRun: boolean;
}

const CODE = /^\d{6}$/;

/** The one district polygon of the boundary file, with its name and code. */
function theDistrict(features: FeatureInput[]): { feature: FeatureInput; name: string; code: string } {
  if (features.length !== 1) {
    refuse(
      'boundary',
      `边界文件有 ${features.length} 个面,应只有本区县一个(多个部分请合为一个 MultiPolygon;乡镇请用 ${named('townships')})`,
      `the boundary file holds ${features.length} polygons, not the district's one (join its parts into one MultiPolygon; townships go in ${named('townships')})`,
    );
  }
  const [feature] = features;
  const name = String(feature.properties?.name ?? '');
  const code = feature.properties?.code;
  if (code === null || code === undefined) {
    refuse(
      'code',
      `边界文件没有区划代码:请用 ${named('code')} 给出六位代码`,
      `the boundary file has no code: give the six-digit code (${named('code')})`,
    );
  }
  if (!CODE.test(String(code))) {
    refuse(
      'code',
      `区划代码 ${code} 不是六位数字`,
      `the code ${code} is not six digits (a district's code is, e.g. 330326)`,
    );
  }
  return { feature, name, code: String(code) };
}

/** The profile named, else the one for the district's code, else none: the default's, with a warning. */
function chooseProfile(given: string | undefined, code: string, warnings: Words[]): DistrictReport['profile'] {
  let profile: DistrictProfile | undefined;
  try {
    profile = profileFor(given ?? code);
  } catch (error) {
    const why = (error as Error).message;
    refuse('profile', `无法读取配置 ${given}:${why}`, `cannot read the profile ${given}: ${why}`);
  }
  if (given !== undefined && !profile) {
    refuse(
      'profile',
      `data/profiles/ 中没有代码为 ${given} 的配置`,
      `no profile in data/profiles/ is for code ${given}`,
    );
  }
  const key = given === undefined ? (profile ? code : null) : CODE.test(given) ? given : resolve(given);
  const used = profile ?? loadProfile();
  if (!profile) {
    warnings.push({
      zh: `没有本区县(${code})的配置:分析暂用${used.name.zh}的目标值,可用 ${named('profile')} 指定`,
      en: `no profile is for ${code}: the analyses use ${used.name.en}'s targets until one is added or ${named('profile')} names one`,
    });
  } else if (profile.code !== code) {
    warnings.push({
      zh: `所选配置是${profile.name.zh}(${profile.code})的,不是本区县的`,
      en: `the profile chosen is ${profile.name.en}'s (${profile.code}), not this district's`,
    });
  }
  return { key, id: used.id, name: used.name, code: used.code };
}

interface Part {
  part: DistrictPart;
  reading: FileReading;
  features: FeatureInput[];
}

/** PostGIS's word on every polygon: the first invalid one refuses the set-up, naming its file and feature. */
async function checkValidity(store: Store, parts: Part[]): Promise<void> {
  const all = parts.flatMap((p) => p.features.map((f, i) => ({ part: p, row: i + 1, geometry: f.geometry })));
  const reasons = await store.geometryProblems(all.map((a) => a.geometry));
  const at = reasons.findIndex((r) => r !== null);
  if (at < 0) return;
  const { part, row } = all[at];
  const file = part.reading.filename;
  refuse(
    part.part,
    `${file} 第 ${row} 个面无效:${reasons[at]}`,
    `${file}: feature ${row} is not a valid polygon: ${reasons[at]}`,
  );
}

const LEVEL_WORDS = { township: ['乡镇(街道)', 'townships'], village: ['村(社区)', 'villages'] } as const;

async function readLower(
  input: DistrictInput,
  level: 'township' | 'village',
  district: Polygon | MultiPolygon,
  warnings: Words[],
): Promise<Part | undefined> {
  const file = level === 'township' ? input.townships : input.villages;
  if (!file) return undefined;
  const part = level === 'township' ? 'townships' : 'villages';
  const { features, reading } = await readAreas(part, file, level, { crs: input.crs, parser: input.parser });
  const outside = outsideDistrict(
    features.map((f) => f.geometry),
    district,
  );
  if (outside > 0) {
    const [zh, en] = LEVEL_WORDS[level];
    warnings.push({
      zh: `${features.length} 个${zh}中有 ${outside} 个在区县边界外:请检查 ${file.filename} 的坐标系`,
      en: `${outside} of ${features.length} ${en} lie outside the district's boundary: check the coordinate system of ${file.filename}`,
    });
  }
  return { part, reading, features };
}

async function setUp(store: Store, input: DistrictInput): Promise<DistrictReport> {
  const warnings: Words[] = [];
  const overrides = { name: input.name, code: input.code };
  const { crs, parser } = input;
  const boundary = await readAreas('boundary', input.boundary, 'district', { crs, overrides, parser });
  const { feature, name, code } = theDistrict(boundary.features);
  const polygon = feature.geometry as Polygon | MultiPolygon;
  const figures = checkBoundary(polygon);
  warnings.push(...figures.warnings);
  const lower = [
    await readLower(input, 'township', polygon, warnings),
    await readLower(input, 'village', polygon, warnings),
  ].filter((p): p is Part => p !== undefined);
  const parts: Part[] = [{ part: 'boundary', reading: boundary.reading, features: [feature] }, ...lower];
  await checkValidity(store, parts);
  const profile = chooseProfile(input.profile, code, warnings);

  const before = await store.getMeta<Dataset>('dataset');
  const wasDemo = Boolean(before?.demo);
  const dataset: Dataset = { demo: false, name, code, profile: profile.key };
  const changed = await store.district.replace(
    {
      areas: parts.flatMap((p) => p.features),
      dataset,
      loader: DEMO_LOADER,
      clearLoader: input.clearDemo
        ? { reason: `已设置${name},清除演示数据 / ${name} set up, the demo data cleared` }
        : undefined,
      dryRun: input.dryRun,
    },
    { user: input.user },
  );
  const shown = changed.left.publications;
  if (shown.length > 0) {
    warnings.push({
      zh: `公众地图仍在显示演示数据的发布版本 ${shown.join(', ')}:加 ${named('clear_demo')} 撤回,或发布本区县的地图`,
      en: `the public map still shows the demo's publication ${shown.join(', ')}: withdraw it (${named('clear_demo')}) or publish the district's own map`,
    });
  }
  const count = (part: DistrictPart) => parts.find((p) => p.part === part)?.features.length ?? 0;
  return {
    district: { name, code, areaKm2: figures.areaKm2, extent: figures.extent, geometry: polygon },
    counts: { district: 1, township: count('townships'), village: count('villages') },
    replaced: changed.removedAreas,
    files: parts.map((p) => p.reading),
    profile,
    wasDemo,
    previous: before ? { name: before.name, code: before.code ?? null, demo: before.demo } : null,
    demo: { cleared: changed.cleared, left: changed.left },
    warnings,
    dryRun: input.dryRun ?? false,
  };
}

/** The set-up, its report and its refusal each naming the other inputs as the door that asked spells them. */
export async function setUpDistrict(store: Store, input: DistrictInput): Promise<DistrictReport> {
  const door = input.door ?? 'cli';
  try {
    const report = await setUp(store, input);
    return { ...report, warnings: report.warnings.map((w) => spell(w, door)) };
  } catch (error) {
    if (error instanceof DistrictRefused) throw new DistrictRefused(error.part, spell(error.reason, door));
    throw error;
  }
}
