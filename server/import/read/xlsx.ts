import readXlsxFile from 'read-excel-file/node';
import { refuse } from '../errors.ts';
import type { Grid } from './source.ts';
import { unzip } from './zip.ts';

/**
 * The first sheet that has anything in it. The workbook is a zip, so it is inflated once by our own
 * reader first: the spreadsheet library trusts the sizes an archive declares, ours does not.
 */
export async function readXlsx(bytes: Buffer): Promise<Grid> {
  unzip(bytes);
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    sheets = await readXlsxFile(bytes);
  } catch (error) {
    refuse('file', `is not a readable XLSX workbook: ${(error as Error).message}`);
  }
  const index = sheets.findIndex((s) => s.data.some((row) => row.some((cell) => cell !== null && cell !== '')));
  if (index < 0) refuse('file', 'every sheet of the workbook is empty');
  const sheet = sheets[index];
  const others = sheets.length > 1 ? ` (the first with data of ${sheets.length} sheets; the others are not read)` : '';
  return { format: 'xlsx', rows: sheet.data as unknown[][], notes: [`read sheet "${sheet.sheet}"${others}`] };
}
