import { parse } from 'csv-parse/sync';
import { refuse } from './errors.ts';
import { unguardFormula } from './formula-guard.ts';
import type { Grid } from './source.ts';
import { decodeText } from './text.ts';

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

export function readCsv(bytes: Buffer): Grid {
  const { text, encoding } = decodeText(bytes);
  const delimiter = delimiterOf(text);
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false }).map((row: string[]) =>
      row.map(unguardFormula),
    );
  } catch (error) {
    refuse('file', `is not a readable CSV file: ${(error as Error).message}`);
  }
  const separator = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
  return { format: 'csv', rows, notes: [`read as CSV in ${encoding}, separated by ${separator}`] };
}
