import iconv from 'iconv-lite';
import { refuse } from '../errors.ts';

/** A dBASE table, the attribute half of a shapefile. Records marked deleted come back as null. */
export interface DbfTable {
  columns: string[];
  records: Array<Record<string, unknown> | null>;
}

interface Field {
  name: string;
  type: string;
  offset: number;
  length: number;
}

/** The language driver byte some writers set instead of a .cpg: 0x4D is code page 936 (GBK). */
export function dbfLanguageEncoding(buf: Buffer): string | undefined {
  if (buf.length < 32) return undefined;
  return buf[29] === 0x4d ? 'gb18030' : undefined;
}

function fieldsOf(buf: Buffer, headerSize: number, encoding: string): Field[] {
  const fields: Field[] = [];
  let offset = 1; // the deletion flag comes first in every record
  for (let at = 32; at + 32 <= headerSize && buf[at] !== 0x0d; at += 32) {
    const raw = buf.subarray(at, at + 11);
    const end = raw.indexOf(0);
    const name = iconv.decode(end < 0 ? raw : raw.subarray(0, end), encoding).trim();
    const length = buf[at + 16];
    fields.push({ name, type: String.fromCharCode(buf[at + 11]), offset, length });
    offset += length;
  }
  return fields;
}

function cellValue(field: Field, raw: Buffer, encoding: string): unknown {
  switch (field.type) {
    case 'N':
    case 'F': {
      const text = raw.toString('latin1').trim();
      if (text === '' || /^\*+$/.test(text)) return null;
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    case 'L': {
      const flag = raw.toString('latin1').trim().toUpperCase();
      return flag === 'T' || flag === 'Y' ? true : flag === 'F' || flag === 'N' ? false : null;
    }
    case 'D': {
      const text = raw.toString('latin1').trim();
      return /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}` : null;
    }
    default: {
      const end = raw.indexOf(0);
      const text = iconv.decode(end < 0 ? raw : raw.subarray(0, end), encoding).trim();
      return text === '' ? null : text;
    }
  }
}

export function readDbf(buf: Buffer, encoding: string): DbfTable {
  if (buf.length < 32) refuse('file', '.dbf 文件太短,不是 dBASE 表', 'the .dbf is too short to be a dBASE table');
  const count = buf.readUInt32LE(4);
  const headerSize = buf.readUInt16LE(8);
  const recordSize = buf.readUInt16LE(10);
  if (headerSize < 33 || headerSize > buf.length) refuse('file', '.dbf 文件头已损坏', 'the .dbf header is damaged');
  const fields = fieldsOf(buf, headerSize, encoding);
  const last = fields.at(-1);
  if (last && last.offset + last.length > recordSize)
    refuse('file', '.dbf 的字段表与记录长度不符', 'the .dbf field table does not fit its records');
  if (headerSize + count * recordSize > buf.length) {
    refuse(
      'file',
      `.dbf 文件不完整:声明有 ${count} 条记录,实际更少`,
      `the .dbf is truncated: it declares ${count} records but holds fewer`,
    );
  }
  const records: DbfTable['records'] = [];
  for (let i = 0; i < count; i++) {
    const at = headerSize + i * recordSize;
    if (buf[at] === 0x2a) {
      records.push(null);
      continue;
    }
    const record: Record<string, unknown> = {};
    for (const field of fields) {
      const start = at + field.offset;
      record[field.name] = cellValue(field, buf.subarray(start, start + field.length), encoding);
    }
    records.push(record);
  }
  return { columns: fields.map((f) => f.name), records };
}
