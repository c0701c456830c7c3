import { findLayer } from '../layers/registry.ts';
import type { BBox } from '../store/index.ts';
import { buildCandidate, type Candidate } from './check/candidates.ts';
import type { IdentityPlan } from './check/identity.ts';
import { checkRows } from './check/validate.ts';
import { refuse, tooLarge } from './errors.ts';
import { LIMITS } from './limits.ts';
import { normalizeHeader } from './map/headers.ts';
import { type Mapping, resolveMapping } from './map/mapping.ts';
import { option } from './options.ts';
import { crsByCode } from './place/crs.ts';
import { locate } from './place/locate.ts';
import type { Offset } from './place/positions.ts';
import { isDataV } from './read/geojson.ts';
import { isGrid, readFile } from './read/read-file.ts';
import type { Format, Source } from './read/source.ts';
import { spreadsheetSource } from './read/spreadsheet.ts';
import type { SourceColumn } from './report.ts';
import { both, type Said } from './said.ts';

/**
 * Everything an import does before it needs the database: read and decode the file, map its
 * columns, place its rows and check them against the layer's schema. It is the part whose cost grows
 * with the file and that a hostile file can make huge, so the API runs it in a worker thread with a
 * memory limit (parse-pool.ts); the CLI runs it in its own process. Input and output are plain data,
 * as a message between threads must be.
 */

/** What the pipeline settled before reading: all plain values, so they cross to a worker as they are. */
export interface ParseRequest {
  /** The file's base name. */
  file: string;
  layer: string;
  /** Values implied by the file's name (a census table's kind). */
  defaults: Record<string, unknown>;
  /** A CRS code the user gave, already checked. */
  crs?: string;
  offset?: Offset;
  /** The `map` option as column → target. */
  explicit: Record<string, string>;
  /** The mapping saved for the layer by an earlier import. */
  saved?: Record<string, string>;
  district: BBox | null;
  source?: string;
}

export interface Parsed {
  format: Format;
  columns: SourceColumn[];
  unit: 'row' | 'feature';
  decisions: Said[];
  warnings: Said[];
  mapping: Mapping;
  crs: { code: string; name: string };
  /** Where an offset (GCJ-02, BD-09) was removed, its name. */
  offsetName?: 'GCJ-02' | 'BD-09';
  coordinateColumn: string;
  identity: IdentityPlan;
  candidates: Candidate[];
}

/**
 * A file's bytes: whole (the CLI's), or as the chunks an upload arrived in, which a worker joins so
 * that the thread answering requests never copies the whole file at once.
 */
export type FileBytes = Buffer | Uint8Array[];

export type Parser = (bytes: FileBytes, request: ParseRequest) => Promise<Parsed>;

export function joined(bytes: FileBytes): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  return Buffer.concat(bytes.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
}

const SAMPLES = 3;
const SAMPLE_LENGTH = 40;
/** How many rows are looked at for samples: a column empty there shows none, at no cost per row of a big file. */
const SAMPLED_ROWS = 200;

/** Each column with its first few distinct values that are not blank, cut short for a table cell. */
function sampled(source: Source): SourceColumn[] {
  const rows = Math.min(source.records.length, SAMPLED_ROWS);
  return source.columns.map((name) => {
    const samples = new Set<string>();
    for (let i = 0; i < rows && samples.size < SAMPLES; i++) {
      const value = source.records[i].values[name];
      if (value === null || value === undefined) continue;
      const text = (value instanceof Date ? value.toISOString().slice(0, 10) : String(value)).trim();
      if (text) samples.add(text.length > SAMPLE_LENGTH ? `${text.slice(0, SAMPLE_LENGTH - 1)}…` : text);
    }
    return { name, samples: [...samples] };
  });
}

/** Reports every 1% (at least every 1000 rows), so a progress bar moves without costing time. */
function ticker(total: number, onProgress?: (done: number, total: number) => void) {
  const every = Math.max(1000, Math.ceil(total / 100));
  return (i: number) => {
    if (onProgress && (i % every === 0 || i === total)) onProgress(i, total);
  };
}

export async function parseFile(
  bytes: FileBytes,
  request: ParseRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<Parsed> {
  const layer =
    findLayer(request.layer) ?? refuse('layer', `没有图层“${request.layer}”`, `there is no layer "${request.layer}"`);
  const decisions: Said[] = [];
  const warnings: Said[] = [];
  const read = await readFile(joined(bytes), request.file);
  const source = isGrid(read) ? spreadsheetSource(read, layer) : read;
  if (source.format === 'osm' && layer.id !== 'roads') {
    refuse(
      'file',
      `是 OpenStreetMap 数据,其道路应导入道路图层,而非 ${layer.id}`,
      `is an OpenStreetMap extract, whose roads import into the roads layer, not ${layer.id}`,
    );
  }
  if (source.records.length > LIMITS.rows)
    tooLarge('file', `超过 ${LIMITS.rows} 个要素;请拆分后导入`, `has more than ${LIMITS.rows} features; split it`);
  if (source.columns.length > LIMITS.columns) {
    tooLarge(
      'file',
      `有 ${source.columns.length} 个不同的属性;最多读取 ${LIMITS.columns} 个`,
      `has ${source.columns.length} different properties; at most ${LIMITS.columns} are read`,
    );
  }
  decisions.push(...source.notes);

  const { explicit, saved } = request;
  const mapping = resolveMapping(source.columns, layer, { explicit, saved });
  const known = new Set(source.columns.map(normalizeHeader));
  for (const column of Object.keys(explicit)) {
    if (!known.has(normalizeHeader(column))) {
      warnings.push(
        both(
          `${option('map')} 写了 ${column} 列,但文件里没有`,
          `${option('map')} names column ${column}, which the file does not have`,
        ),
      );
    }
  }
  if (saved && mapping.used.some((m) => m.how === 'saved')) {
    decisions.push(both(`沿用了 ${layer.id} 上次保存的字段对应`, `the mapping saved for ${layer.id} was used`));
  }

  const crs = request.crs ? crsByCode(request.crs) : undefined;
  const location = locate(source, mapping, { crs, offset: request.offset, district: request.district });
  decisions.push(...location.placement.decisions);
  warnings.push(...location.placement.warnings);
  const offsetName = request.offset === 'gcj02' ? 'GCJ-02' : request.offset === 'bd09' ? 'BD-09' : undefined;
  if (offsetName) {
    decisions.push(
      both(
        `已去除 ${offsetName} 偏移:位置已转换为 CGCS2000/WGS84`,
        `${offsetName} offsets removed: positions converted to CGCS2000/WGS84`,
      ),
    );
  } else if (isDataV(source)) {
    warnings.push(
      both(
        `属性 adcode 和 acroutes 来自 DataV,其坐标是 GCJ-02:除非文件已转换过,请加 ${option('gcj02')} 导入`,
        `the properties adcode and acroutes are DataV's, whose coordinates are GCJ-02: unless the file was converted already, import it with ${option('gcj02')}`,
      ),
    );
  }

  const identity: IdentityPlan = {
    externalIdColumn: mapping.fields.get('external_id'),
    sourceColumn: mapping.fields.get('source'),
    givenSource: request.source?.trim() || undefined,
    fileSource: request.file,
  };
  const sourceCrs = offsetName ?? location.placement.crs.code;
  const context = { layer, mapping, identity, sourceCrs, defaults: request.defaults };
  const progress = ticker(source.records.length, onProgress);
  const candidates = source.records.map((record, i) => {
    progress(i);
    return buildCandidate(record, location.located[i], context);
  });
  progress(candidates.length);
  checkRows(layer, candidates, mapping, location.coordinateColumn);

  return {
    format: source.format,
    columns: sampled(source),
    unit: source.unit,
    decisions,
    warnings,
    mapping,
    crs: { code: location.placement.crs.code, name: location.placement.crs.name },
    offsetName,
    coordinateColumn: location.coordinateColumn,
    identity,
    candidates,
  };
}
