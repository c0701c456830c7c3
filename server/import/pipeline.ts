import { basename } from 'node:path';
import type { Geometry } from 'geojson';
import type { Label } from '../../catalog/label.ts';
import { writableFields } from '../formats/writable-fields.ts';
import { findLayer, type LayerDef, layers } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import { likelyDuplicates } from './check/duplicates.ts';
import { describeIdentity } from './check/identity.ts';
import { islandWarning, roadNetworkReport } from './check/road-network.ts';
import { checkPlaces } from './check/validate.ts';
import { ImportError, refuse } from './errors.ts';
import { censusTable } from './map/census-tables.ts';
import { parseMapOption } from './map/mapping.ts';
import { type Door, option, spell } from './options.ts';
import { type FileBytes, type Parsed, type Parser, parseFile } from './parse.ts';
import { findCrs } from './place/crs.ts';
import type { Offset } from './place/positions.ts';
import { type ImportReport, type LikelyDuplicate, PREVIEW_LIMIT } from './report.ts';
import { both, inLanguage, type Said } from './said.ts';
import { applyPlan, planWrites, type WritePlan } from './write.ts';

export interface ImportOptions {
  /** The file's name: it tells the format where the content does not, a census table's layer, and the default source. */
  filename: string;
  /** A layer id; may be left out when the file is named after a census table. */
  layer?: string;
  crs?: string;
  offset?: Offset;
  /** `名称=name,容纳人数=capacity`, or the same as an object. */
  map?: string | Record<string, string>;
  dryRun?: boolean;
  skipBad?: boolean;
  source?: string;
  allowOutsideDistrict?: boolean;
  user: string;
  /** How messages name the options: as flags (the CLI, the default) or as query parameters (the API). */
  door?: Door;
  /** The language of the report's sentences: English unless the caller asks for Chinese. */
  language?: keyof Label;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  stage: 'read' | 'check' | 'write' | 'done';
  done: number;
  total: number;
}

export const mappingKey = (layer: LayerDef) => `import.mapping.${layer.id}`;

function resolveLayer(options: ImportOptions, warnings: Said[], decisions: Said[]) {
  const census = censusTable(options.filename);
  const named = options.layer ?? census?.layer;
  if (!named)
    refuse(
      'layer',
      `请说明文件导入哪个图层(${option('layer', 'shelters')})`,
      `say which layer the file holds (${option('layer', 'shelters')})`,
    );
  const layer = findLayer(named);
  if (!layer) {
    const ids = layers.map((l) => l.id).join(', ');
    refuse('layer', `没有图层“${named}”(图层:${ids})`, `there is no layer "${named}" (layers: ${ids})`);
  }
  if (census && census.layer !== layer.id) {
    warnings.push(
      both(
        `文件名是普查表 ${census.code}(${census.title}),该表应导入 ${census.layer},而不是 ${layer.id}`,
        `the file is named after census table ${census.code} (${census.title}), which belongs in ${census.layer}, not ${layer.id}`,
      ),
    );
    return { layer, defaults: {} };
  }
  if (census) {
    decisions.push(
      both(
        `从文件名认出普查表 ${census.code}(${census.title}):图层 ${layer.id}`,
        `census table ${census.code} (${census.title}) recognised from the file name: layer ${layer.id}`,
      ),
    );
  }
  return { layer, defaults: census?.defaults ?? {} };
}

function resolveCrs(text: string | undefined) {
  if (text === undefined || text.trim() === '') return undefined;
  const crs = findCrs(text);
  if (!crs) {
    refuse(
      'crs',
      `“${text}”不是支持的坐标系:EPSG:4326、4490、3857、4491–4512(6° 高斯-克吕格)、4513–4554(3°)`,
      `"${text}" is not a supported CRS: EPSG:4326, 4490, 3857, 4491–4512 (6° Gauss-Krüger), 4513–4554 (3°)`,
    );
  }
  return crs;
}

/** Why nothing is to be written, or undefined when the plan goes ahead. */
function holdBack(
  options: ImportOptions,
  unit: 'row' | 'feature',
  bad: number,
  good: number,
  plan: WritePlan,
): Said | undefined {
  const unitZh = { row: '行', feature: '个要素' }[unit];
  if (bad > 0 && !options.skipBad) {
    return both(
      `${bad} ${unitZh}有问题,因此什么都没有写入(全部或全不);请改正,或只写入没有问题的${unitZh}(${option('skip_bad')})`,
      `${bad} ${unit}s have problems, so nothing was written (all or nothing); fix them, or write only the good ${unit}s (${option('skip_bad')})`,
    );
  }
  if (options.dryRun) {
    return both(
      `试导入:将新建 ${plan.created},更新 ${plan.updated},${plan.unchanged} 条不变`,
      `dry run: would create ${plan.created}, update ${plan.updated}, leave ${plan.unchanged} unchanged`,
    );
  }
  if (good === 0) return both(`没有可导入的${unitZh}`, `no ${unit} can be imported`);
  return undefined;
}

/** The parse in this thread, as the CLI and the library calls run it; progress goes to the caller. */
function inProcess(onProgress: ImportOptions['onProgress']): Parser {
  return (bytes, request) => parseFile(bytes, request, (done, total) => onProgress?.({ stage: 'check', done, total }));
}

interface Outcome {
  decisions: Said[];
  warnings: Said[];
  duplicates: LikelyDuplicate[];
  plan: WritePlan;
}

/** The report before anything is written: what was decided, each row's problems, the preview, the plan. */
function reportOf(
  file: string,
  layer: LayerDef,
  parsed: Parsed,
  outcome: Outcome,
  options: ImportOptions,
): ImportReport<Said> {
  const { candidates, mapping, identity, offsetName } = parsed;
  const { plan } = outcome;
  const good = candidates.filter((c) => c.problems.length === 0).length;
  const bad = candidates.length - good;
  return {
    file,
    format: parsed.format,
    layer: layer.id,
    unit: parsed.unit,
    decisions: outcome.decisions,
    warnings: outcome.warnings,
    columns: parsed.columns,
    mapping: mapping.used,
    targets: writableFields(layer).map((f) => ({ name: f.name, label: f.label, required: f.required === true })),
    ignoredColumns: mapping.ignored,
    identity: describeIdentity(identity, candidates.filter((c) => c.hashed).length, candidates.length),
    crs: { ...parsed.crs, ...(offsetName ? { offset: offsetName } : {}) },
    rows: { total: candidates.length, ok: good, withProblems: bad },
    problems: candidates.flatMap((c) => c.problems),
    duplicates: outcome.duplicates,
    preview: {
      type: 'FeatureCollection',
      features: candidates
        .filter((c) => c.geometry)
        .slice(0, PREVIEW_LIMIT)
        .map((c) => ({
          type: 'Feature',
          geometry: c.geometry as Geometry,
          properties: {
            row: c.row,
            name: c.properties.name ?? null,
            ok: c.problems.length === 0,
            outside: c.outside === true,
          },
        })),
    },
    result: {
      written: false,
      dryRun: options.dryRun ?? false,
      skipBad: options.skipBad ?? false,
      created: plan.created,
      updated: plan.updated,
      unchanged: plan.unchanged,
      skipped: options.skipBad ? bad : 0,
    },
  };
}

/** Every sentence of the report in one language, with the options spelled for the door the import came in by. */
function spellReport(report: ImportReport<Said>, door: Door, lang: keyof Label): ImportReport {
  const say = (text: Said) => spell(inLanguage(text, lang), door);
  return {
    ...report,
    decisions: report.decisions.map(say),
    warnings: report.warnings.map(say),
    ignoredColumns: report.ignoredColumns.map((c) => ({ ...c, why: say(c.why) })),
    problems: report.problems.map((p) => ({ ...p, reason: say(p.reason) })),
    result: { ...report.result, reason: report.result.reason === undefined ? undefined : say(report.result.reason) },
  };
}

/**
 * The whole import: read, map, place, check, report, and write all or nothing (or the good rows
 * when asked). File-level failures throw ImportError; row-level ones are in the report. Both name
 * the options as the caller's door spells them (options.ts).
 */
export async function importFile(
  store: Store,
  bytes: FileBytes,
  options: ImportOptions,
  parse: Parser = inProcess(options.onProgress),
): Promise<ImportReport> {
  const door = options.door ?? 'cli';
  try {
    return spellReport(await runImport(store, bytes, options, parse), door, options.language ?? 'en');
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    const Refusal = error.constructor as typeof ImportError;
    throw new Refusal(error.part, { zh: spell(error.words.zh, door), en: spell(error.words.en, door) });
  }
}

/**
 * The options are checked and what the store knows is fetched first, then `parse` does the work
 * that grows with the file (in this thread unless the caller gives another, as the API gives a
 * worker), then the checks that need the database, and the write.
 */
async function runImport(
  store: Store,
  bytes: FileBytes,
  options: ImportOptions,
  parse: Parser,
): Promise<ImportReport<Said>> {
  const file = basename(options.filename || 'upload');
  const decisions: Said[] = [];
  const warnings: Said[] = [];
  const { layer, defaults } = resolveLayer(options, warnings, decisions);
  const crs = resolveCrs(options.crs);
  const explicit = typeof options.map === 'object' ? options.map : parseMapOption(options.map);
  const saved = await store.getMeta<Record<string, string>>(mappingKey(layer));
  const district = await store.districtExtent();

  options.onProgress?.({ stage: 'read', done: 0, total: 1 });
  const parsed = await parse(bytes, {
    file,
    layer: layer.id,
    defaults,
    crs: crs?.code,
    offset: options.offset,
    explicit,
    saved,
    district,
    source: options.source,
  });
  decisions.push(...parsed.decisions);
  warnings.push(...parsed.warnings);

  const checked = await checkPlaces(store, parsed.candidates, {
    allowOutsideDistrict: options.allowOutsideDistrict ?? false,
    district,
    coordinateColumn: parsed.coordinateColumn,
    unit: parsed.unit,
  });
  warnings.push(...checked.warnings);
  const good = parsed.candidates.filter((c) => c.problems.length === 0);
  const duplicates = await likelyDuplicates(store, layer, good);
  const plan = await planWrites(store, layer, good);
  if (plan.statusGiven) {
    const { count, status } = plan.statusGiven;
    decisions.push(
      both(
        `${count} 条新记录没有状态:按 ${status} 导入;如需其他状态,请给出状态列`,
        `${count} new ${parsed.unit}s have no status: imported as ${status}; give a status column to say otherwise`,
      ),
    );
  }
  const network = layer.id === 'roads' ? roadNetworkReport(good) : undefined;
  const island = islandWarning(network);
  if (island) warnings.push(island);
  const report = reportOf(file, layer, parsed, { decisions, warnings, duplicates, plan }, options);
  if (network) report.network = network;

  const reason = holdBack(options, parsed.unit, parsed.candidates.length - good.length, good.length, plan);
  if (reason) {
    report.result.reason = reason;
  } else {
    options.onProgress?.({ stage: 'write', done: 0, total: plan.features.length });
    const allowOutsideDistrict = options.allowOutsideDistrict ?? false;
    await applyPlan(store, layer, plan, { user: options.user, allowOutsideDistrict });
    if (Object.keys(explicit).length) await store.setMeta(mappingKey(layer), { ...saved, ...explicit });
    report.result.written = true;
  }
  options.onProgress?.({ stage: 'done', done: 1, total: 1 });
  return report;
}
