import type { FeatureCollection } from 'geojson';
import type { Label } from '../../catalog/label.ts';
import type { MappedColumn } from './map/mapping.ts';
import type { Said } from './said.ts';

/** One thing wrong with one row, named as the user finds it: their row number and their column. */
export interface RowProblem<S extends Said = Said> {
  row: number;
  column: string;
  reason: S;
}

/** Two records with the same name within 50 m: in the file, or one in the file and one stored. */
export interface LikelyDuplicate {
  row: number;
  name: string;
  distance_m: number;
  otherRow?: number;
  stored?: { id: string; source: string | null; external_id: string | null };
}

/** A column of the file as the user sees it: its header and a few of its values, for choosing its field. */
export interface SourceColumn {
  name: string;
  samples: string[];
}

/** What a column can be mapped to: a field of the layer (name, labels, whether every row needs it). */
export interface ImportTarget {
  name: string;
  label: Label;
  required: boolean;
}

export const PREVIEW_LIMIT = 2000;

/** A roads file as a network: its size, how many connected parts, and the islands off the largest. */
export interface RoadNetworkReport {
  nodes: number;
  edges: number;
  components: number;
  islandCount: number;
  /** The largest islands first (at most 50): nodes, pieces, metres of road, and one node's [lon, lat]. */
  islands: { nodes: number; pieces: number; length_m: number; at: [number, number] }[];
}

/** The report as it leaves the import, in one language; inside, its sentences are said in both (`Said`). */
export interface ImportReport<S extends Said = string> {
  file: string;
  format: string;
  layer: string;
  /** How records are numbered: spreadsheet rows, or features in order. */
  unit: 'row' | 'feature';
  /** Decisions taken while reading and placing the file: encoding, header row, CRS, column order. */
  decisions: S[];
  warnings: S[];
  /** Every column of the file in its order, with a few of its values. */
  columns: SourceColumn[];
  mapping: MappedColumn[];
  /** The fields a column can fill; besides them a column can be a coordinate (lon, lat, x, y, wkt) or ignored (-). */
  targets: ImportTarget[];
  ignoredColumns: Array<{ column: string; why: S }>;
  identity: { source: string; external_id: string };
  crs: { code: string; name: string; offset?: 'GCJ-02' | 'BD-09' };
  rows: { total: number; ok: number; withProblems: number };
  problems: RowProblem<S>[];
  duplicates: LikelyDuplicate[];
  /** For a roads layer: the network its good rows make. */
  network?: RoadNetworkReport;
  /** Where the rows would go, for a map preview: the first PREVIEW_LIMIT placed rows, problems and places outside the district marked. */
  preview: FeatureCollection;
  result: {
    written: boolean;
    dryRun: boolean;
    skipBad: boolean;
    created: number;
    updated: number;
    unchanged: number;
    skipped: number;
    /** Why nothing was written, when nothing was. */
    reason?: S;
  };
}

const MAX_LISTED = 200;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report as the CLI prints it: what was decided, what is wrong and where, and what happened. */
export function formatReport(report: ImportReport): string {
  const unit = report.unit;
  const lines = [`${report.file} → ${report.layer} (${report.format})`];
  for (const d of report.decisions) lines.push(`  · ${d}`);
  lines.push(`  · source: ${report.identity.source}`, `  · external id: ${report.identity.external_id}`);
  if (report.mapping.length) {
    lines.push(
      `  · columns: ${report.mapping.map((m) => `${m.column}→${m.target}${m.how === 'synonym' || m.how === 'header' ? '' : ` (${m.how})`}`).join(', ')}`,
    );
  }
  if (report.ignoredColumns.length) {
    lines.push(`  · not imported: ${report.ignoredColumns.map((c) => `${c.column} (${c.why})`).join('; ')}`);
  }
  for (const w of report.warnings) lines.push(`  ! ${w}`);
  lines.push(
    `${plural(report.rows.total, unit)}: ${report.rows.ok} fine, ${report.rows.withProblems} with problems, ${plural(report.duplicates.length, 'likely duplicate')}`,
  );
  for (const p of report.problems.slice(0, MAX_LISTED)) lines.push(`  ${unit} ${p.row}, ${p.column}: ${p.reason}`);
  if (report.problems.length > MAX_LISTED) lines.push(`  … and ${report.problems.length - MAX_LISTED} more problems`);
  for (const d of report.duplicates.slice(0, MAX_LISTED)) {
    const other =
      d.otherRow !== undefined
        ? `${unit} ${d.otherRow}`
        : `stored feature ${d.stored?.id} (${d.stored?.source ?? 'no source'}/${d.stored?.external_id ?? 'no id'})`;
    lines.push(`  ${unit} ${d.row} "${d.name}" is ${d.distance_m} m from ${other} of the same name`);
  }
  const r = report.result;
  if (r.written) {
    const skipped = r.skipped ? `, ${plural(r.skipped, `bad ${unit}`)} skipped` : '';
    lines.push(`written: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged${skipped}`);
  } else {
    lines.push(`nothing written: ${r.reason}`);
  }
  return lines.join('\n');
}
