import type { Geometry } from 'geojson';
import { ImportError } from '../import/errors.ts';
import { type Parsed, type ParseRequest, type Parser, parseFile } from '../import/parse.ts';
import type { FeatureInput } from '../store/feature-records.ts';
import { type DistrictPart, input, refuse } from './errors.ts';

/**
 * Reads a file of admin areas (the district's boundary, its townships or its villages) through the
 * import's own reader, parse.ts, so every format an import takes works here and each area is checked
 * against the admin areas' schema as an imported feature is. The level is the command's, not a column
 * the file must have; DataV's `adcode` and the national data's `PAC`/`XZQDM` feed `code`. A file
 * DataV wrote (properties `adcode` with `acroutes`, `center` or `centroid`) is in GCJ-02 and is
 * converted to WGS 84 unless the user says what its coordinates are.
 */

export type AreaLevel = 'district' | 'township' | 'village';

/** What the user says the coordinates are: offset (GCJ-02, BD-09) or not (WGS 84 / CGCS2000). */
export type CrsOption = 'gcj02' | 'bd09' | 'wgs84';

export interface AreaFile {
  bytes: Buffer;
  /** The file's base name: it tells the format where the content does not, and is the areas' source. */
  filename: string;
}

/** How a file was read, for the report. */
export interface FileReading {
  part: DistrictPart;
  filename: string;
  format: string;
  features: number;
  crs: { code: string; name: string };
  /** The offset removed from the coordinates, if any. */
  offset?: 'GCJ-02' | 'BD-09';
  /** The DataV properties found, when the file was recognised as DataV's. */
  dataV: string[];
  /** The offset came from the user's crs rather than from the file. */
  crsGiven: boolean;
  /** The columns that fed each area's name and code, when one did. */
  columns: { name?: string; code?: string };
}

export interface AreasRead {
  features: FeatureInput[];
  reading: FileReading;
}

/** The name and code to give every area of the file instead of the file's own (the district's, from the command). */
export interface Overrides {
  name?: string;
  code?: string;
}

const ALIASES: Record<string, 'name' | 'code'> = { adcode: 'code', pac: 'code', xzqdm: 'code', xzqmc: 'name' };
const DATAV_MARKS = ['acroutes', 'center', 'centroid'];

const LABEL: Record<DistrictPart, string> = {
  boundary: '边界文件',
  townships: '乡镇(街道)文件',
  villages: '村(社区)文件',
  name: '名称',
  code: '代码',
  profile: '配置',
  crs: '坐标系',
};

/** The DataV properties among the columns, or none when they do not say DataV. */
function dataVMarks(columns: string[]): string[] {
  const has = new Set(columns.map((c) => c.toLowerCase()));
  const marks = DATAV_MARKS.filter((k) => has.has(k));
  if (!has.has('adcode') || marks.length === 0) return [];
  return ['adcode', ...marks, ...(has.has('level') ? ['level'] : [])];
}

async function parse(
  part: DistrictPart,
  file: AreaFile,
  request: Partial<ParseRequest>,
  parser: Parser = parseFile,
): Promise<Parsed> {
  try {
    return await parser(file.bytes, {
      file: file.filename,
      layer: 'admin_areas',
      defaults: {},
      explicit: {},
      district: null,
      ...request,
    });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    const at = error.part === 'file' ? part : 'crs';
    return refuse(
      at,
      `${LABEL[part]} ${file.filename} 无法读取:${error.words.zh}`,
      `${file.filename}: ${error.reason}`,
    );
  }
}

/**
 * The columns to map by hand on the second reading: aliases of name and code, the file's own level
 * ignored (the command sets it), and name and code ignored where the command gives them.
 */
function columnPlan(first: Parsed, overrides: Overrides): Record<string, string> {
  const columns = [...first.mapping.used.map((m) => m.column), ...first.mapping.ignored.map((i) => i.column)];
  const mapped = new Map(first.mapping.used.map((m) => [m.column, m.target]));
  const explicit: Record<string, string> = {};
  for (const column of columns) {
    const alias = ALIASES[column.toLowerCase()];
    const target: string | undefined = alias ?? mapped.get(column);
    if (target === 'level') explicit[column] = '-';
    else if (target === 'name' || target === 'code') {
      if (overrides[target] !== undefined) explicit[column] = '-';
      else if (alias) explicit[column] = alias;
    }
  }
  return explicit;
}

function allColumns(parsed: Parsed): string[] {
  return [...parsed.mapping.used.map((m) => m.column), ...parsed.mapping.ignored.map((i) => i.column)];
}

/** Every area a polygon, and no row with a problem: else the whole set-up is refused, naming the first few. */
function checked(part: DistrictPart, file: AreaFile, parsed: Parsed): FeatureInput[] {
  const label = `${LABEL[part]} ${file.filename}`;
  for (const c of parsed.candidates) {
    const type = c.geometry?.type;
    if (type && type !== 'Polygon' && type !== 'MultiPolygon') {
      refuse(
        part,
        `${label} 第 ${c.row} 个要素是 ${type},不是面`,
        `${file.filename}: feature ${c.row} is a ${type}, not a polygon`,
      );
    }
  }
  const problems = parsed.candidates
    .flatMap((c) => c.problems)
    .map((p) => ({ ...p, reason: typeof p.reason === 'string' ? p.reason : p.reason.en }));
  if (part === 'boundary' && problems.some((p) => p.column === 'name' && p.reason === 'is required')) {
    refuse(
      'name',
      `边界文件没有区县名称:请用 ${input('name')} 给出`,
      `the boundary file has no name: give the district's (${input('name')})`,
    );
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, 3).map((p) => `feature ${p.row}, ${p.column}: ${p.reason}`);
    const more = problems.length > 3 ? ` (${problems.length} problems in all)` : '';
    refuse(part, `${label} 有误:${listed.join('; ')}${more}`, `${file.filename}: ${listed.join('; ')}${more}`);
  }
  return parsed.candidates.map((c) => ({ geometry: c.geometry as Geometry, properties: c.properties }));
}

export async function readAreas(
  part: DistrictPart,
  file: AreaFile,
  level: AreaLevel,
  options: { crs?: CrsOption; overrides?: Overrides; parser?: Parser },
): Promise<AreasRead> {
  const overrides = options.overrides ?? {};
  const { bytes } = file;
  const given = options.crs === 'wgs84' ? undefined : options.crs;
  const defaults = Object.fromEntries(
    Object.entries({ ...overrides, level }).filter(([, value]) => value !== undefined),
  );
  const first = await parse(part, { ...file, bytes }, { offset: given, defaults }, options.parser);
  const dataV = dataVMarks(allColumns(first));
  const offset = options.crs ? given : dataV.length > 0 ? 'gcj02' : undefined;
  const explicit = columnPlan(first, overrides);
  const parsed =
    offset !== given || Object.keys(explicit).length > 0
      ? await parse(part, { ...file, bytes }, { offset, defaults, explicit }, options.parser)
      : first;
  const features = checked(part, file, parsed);
  return {
    features,
    reading: {
      part,
      filename: file.filename,
      format: parsed.format,
      features: features.length,
      crs: parsed.crs,
      offset: parsed.offsetName,
      dataV,
      crsGiven: options.crs !== undefined,
      columns: { name: parsed.mapping.fields.get('name'), code: parsed.mapping.fields.get('code') },
    },
  };
}
