import type { LayerDef } from '../../layers/registry.ts';
import { refuse, tooLarge } from '../errors.ts';
import { LIMITS } from '../limits.ts';
import { recognisedHeaders } from '../map/mapping.ts';
import { both } from '../said.ts';
import type { Grid, Source, SourceRecord } from './source.ts';

/**
 * A spreadsheet (CSV or XLSX) as records: finds the header row below any title rows, names the
 * columns, and keeps the row numbers the spreadsheet shows.
 */

/** Spreadsheet column letters, for headers a sheet leaves blank: A, B, … Z, AA. */
function letters(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const blank = (cell: unknown) => cell === null || cell === undefined || String(cell).trim() === '';

/**
 * A row within the column limit. Blank cells past the last filled one (a sheet someone once touched
 * far to the right) are dropped rather than refused; a row that fills more columns than that is.
 */
export function fitColumns<T>(row: T[], rowNumber: number): T[] {
  if (row.length <= LIMITS.columns) return row;
  let last = row.length - 1;
  while (last >= LIMITS.columns && blank(row[last])) last--;
  if (last >= LIMITS.columns) {
    tooLarge(
      'file',
      `第 ${rowNumber} 行有 ${last + 1} 列;最多读取 ${LIMITS.columns} 列`,
      `row ${rowNumber} has ${last + 1} columns; at most ${LIMITS.columns} are read`,
    );
  }
  return row.slice(0, LIMITS.columns);
}

/**
 * Bureau sheets often open with a title row ("涵江区应急避难场所一览表") or two: the header is the
 * row among the first ten with most cells that read as this layer's headers. Row numbers stay those
 * the spreadsheet shows, blank rows included, so a problem "on row 12" is on row 12.
 */
function headerIndex(rows: unknown[][], layer: LayerDef): number {
  let best = -1;
  let bestCount = 1;
  for (let i = 0; i < Math.min(rows.length, 10); i++) {
    const count = recognisedHeaders(rows[i], layer);
    if (count > bestCount) {
      best = i;
      bestCount = count;
    }
  }
  return best >= 0 ? best : rows.findIndex((row) => row.some((cell) => !blank(cell)));
}

function columnNames(header: unknown[]): string[] {
  const seen = new Map<string, number>();
  return header.map((cell, i) => {
    const base = blank(cell) ? `(column ${letters(i)})` : String(cell).trim();
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

export function spreadsheetSource(grid: Grid, layer: LayerDef): Source {
  grid.rows.forEach((row, i) => {
    grid.rows[i] = fitColumns(row, i + 1);
  });
  const at = headerIndex(grid.rows, layer);
  if (at < 0) refuse('file', '没有任何行', 'has no rows');
  const columns = columnNames(grid.rows[at]);
  const records: SourceRecord[] = [];
  for (let i = at + 1; i < grid.rows.length; i++) {
    const row = grid.rows[i];
    if (row.every(blank)) continue;
    if (records.length >= LIMITS.rows)
      tooLarge('file', `超过 ${LIMITS.rows} 行;请拆分后导入`, `has more than ${LIMITS.rows} rows; split it`);
    const values: Record<string, unknown> = {};
    columns.forEach((column, c) => {
      values[column] = row[c] ?? null;
    });
    records.push({ row: i + 1, values });
  }
  const notes = [...grid.notes];
  if (at > 0) {
    notes.push(
      both(`表头取自第 ${at + 1} 行;上面各行是标题`, `headers taken from row ${at + 1}; the rows above are titles`),
    );
  }
  return { format: grid.format, unit: 'row', columns, records, hasGeometry: false, notes };
}
