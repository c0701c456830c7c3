import { parse } from 'csv-parse/sync';
import { unguardFormula } from '../../formats/spreadsheet-cell.ts';
import { ImportError, refuse, tooLarge } from '../errors.ts';
import { LIMITS } from '../limits.ts';
import { both } from '../said.ts';
import type { Grid } from './source.ts';
import { fitColumns } from './spreadsheet.ts';
import { decodeText } from './text-encoding.ts';

/** The separator the header line uses most, outside quotes: Excel writes `;` or tabs in some locales. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char as keyof typeof counts]++;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return count > 0 ? best : ',';
}

/**
 * Refuses a line longer than the limit from the raw bytes, before anything is decoded: a 50 MB file
 * that is one line would otherwise be decoded, scanned and parsed whole before anything could say no.
 * In UTF-16 some characters hold a 0x0A byte, which only makes lines look shorter; the parser's own
 * record limit catches those.
 */
function checkLines(bytes: Buffer): void {
  for (let start = 0, line = 1; start < bytes.length; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline;
    if (end - start > LIMITS.lineBytes) {
      tooLarge(
        'file',
        `第 ${line} 行超过 ${LIMITS.lineBytes} 字节;CSV 的一行不会这么长`,
        `line ${line} is longer than ${LIMITS.lineBytes} bytes; a CSV row is never that long`,
      );
    }
    start = end + 1;
  }
}

/** Counts rows that hold anything as they are parsed, so a file far over the row limit stops early. */
function recordCheck() {
  let filled = 0;
  // Title rows above the header do not count against the limit; the sheet counts exactly later.
  const allowed = LIMITS.rows + 10;
  return (record: string[], info: { lines: number }) => {
    const row = fitColumns(record, info.lines);
    if (row.some((cell) => cell !== '') && ++filled > allowed) {
      tooLarge('file', `超过 ${LIMITS.rows} 行;请拆分后导入`, `has more than ${LIMITS.rows} rows; split it`);
    }
    return row;
  };
}

export function readCsv(bytes: Buffer): Grid {
  checkLines(bytes);
  const { text, encoding } = decodeText(bytes);
  const delimiter = delimiterOf(text);
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: LIMITS.lineBytes,
      on_record: recordCheck(),
    }).map((row: string[]) => row.map(unguardFormula));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if ((error as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      tooLarge(
        'file',
        `有一行超过 ${LIMITS.lineBytes} 个字符;CSV 的一行不会这么长`,
        `a row is longer than ${LIMITS.lineBytes} characters; a CSV row is never that long`,
      );
    }
    const why = (error as Error).message;
    refuse('file', `不是可读取的 CSV 文件:${why}`, `is not a readable CSV file: ${why}`);
  }
  const separator = delimiter === '\t' ? both('制表符', 'tab') : both(`“${delimiter}”`, `"${delimiter}"`);
  const note = both(
    `按 CSV 读取,编码 ${encoding},以${separator.zh}分隔`,
    `read as CSV in ${encoding}, separated by ${separator.en}`,
  );
  return { format: 'csv', rows, notes: [note] };
}
