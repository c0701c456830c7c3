import readXlsxFile from 'read-excel-file/node';
import { refuse } from '../errors.ts';
import { both } from '../said.ts';
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
    const why = (error as Error).message;
    refuse('file', `不是可读取的 XLSX 工作簿:${why}`, `is not a readable XLSX workbook: ${why}`);
  }
  const index = sheets.findIndex((s) => s.data.some((row) => row.some((cell) => cell !== null && cell !== '')));
  if (index < 0) refuse('file', '工作簿的每个工作表都是空的', 'every sheet of the workbook is empty');
  const sheet = sheets[index];
  const n = sheets.length;
  const note = both(
    `读取工作表“${sheet.sheet}”${n > 1 ? `(${n} 个工作表中第一个有数据的;其余不读)` : ''}`,
    `read sheet "${sheet.sheet}"${n > 1 ? ` (the first with data of ${n} sheets; the others are not read)` : ''}`,
  );
  return { format: 'xlsx', rows: sheet.data as unknown[][], notes: [note] };
}
