import { crc32, inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { refuse } from '../errors.ts';
import { LIMITS } from '../limits.ts';

/**
 * A zip reader that trusts nothing in the archive: names are checked for traversal, declared sizes
 * and ratios against the limits before anything is inflated, and the inflating itself stops at the
 * declared size, so an entry that lies about its size cannot take more memory than it declared.
 * Only what shapefiles, KMZ and XLSX use is supported: stored and deflated entries, no ZIP64, no
 * encryption, no multi-disk archives.
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  headerOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UTF8_NAMES = 0x800;
const ENCRYPTED = 0x1;

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
}

/** An entry that inflates past the size it declares lies about itself, as a zip bomb does. */
function oversized(entry: ZipEntry): never {
  refuse(
    'file',
    `条目 ${entry.name} 解压后超过其声明的大小;疑为压缩炸弹,拒绝`,
    `entry ${entry.name} inflates to more than its declared size; refused as a possible zip bomb`,
  );
}

function damaged(zh: string, en: string): never {
  refuse('file', `zip 压缩包不完整或已损坏:${zh}`, `the zip archive is truncated or damaged: ${en}`);
}

function findEndOfDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  return damaged('缺少目录(中央目录结束记录)', 'its table of contents (end of central directory) is missing');
}

function decodeName(raw: Buffer, flags: number): string {
  if (flags & UTF8_NAMES) return raw.toString('utf8');
  // Chinese Windows writes names in the local code page, GBK, without saying so.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return iconv.decode(raw, 'gb18030');
  }
}

/** Entry names that could land outside a directory if anyone ever extracted them. */
export function unsafeName(name: string): boolean {
  const path = name.replace(/\\/g, '/');
  return (
    path.includes('\0') ||
    path.startsWith('/') ||
    /^[a-zA-Z]:/.test(path) ||
    path.split('/').some((segment) => segment === '..')
  );
}

export function listZip(buf: Buffer): ZipEntry[] {
  if (buf.length < 22) damaged('比空压缩包还短', 'it is shorter than an empty archive');
  const end = findEndOfDirectory(buf);
  const disk = buf.readUInt16LE(end + 4);
  const count = buf.readUInt16LE(end + 10);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (disk !== 0) refuse('file', '不支持分卷 zip 压缩包', 'multi-part zip archives are not supported');
  if (count === 0xffff || dirOffset === 0xffffffff)
    refuse('file', '不支持 ZIP64 压缩包', 'ZIP64 archives are not supported');
  if (count > LIMITS.zipEntries)
    refuse(
      'file',
      `压缩包有 ${count} 个条目;最多 ${LIMITS.zipEntries} 个`,
      `the archive has ${count} entries; at most ${LIMITS.zipEntries}`,
    );
  if (dirOffset + dirSize > end)
    damaged('目录指向文件末尾之后', 'its table of contents points past the end of the file');

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || buf.readUInt32LE(at) !== CENTRAL)
      damaged(`目录第 ${i + 1} 项`, `entry ${i + 1} of its table of contents`);
    const flags = buf.readUInt16LE(at + 8);
    const nameLength = buf.readUInt16LE(at + 28);
    const name = decodeName(buf.subarray(at + 46, at + 46 + nameLength), flags);
    const entry: ZipEntry = {
      name,
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      headerOffset: buf.readUInt32LE(at + 42),
    };
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);

    if (unsafeName(name))
      refuse(
        'file',
        `条目 ${name} 指向压缩包之外(路径穿越);拒绝`,
        `entry ${name} leaves the archive (path traversal); refused`,
      );
    if (flags & ENCRYPTED)
      refuse('file', `条目 ${name} 已加密,不支持`, `entry ${name} is encrypted, which is not supported`);
    if (entry.method !== 0 && entry.method !== 8) {
      refuse(
        'file',
        `条目 ${name} 使用压缩方法 ${entry.method};只支持不压缩和 deflate`,
        `entry ${name} uses compression method ${entry.method}; only stored and deflate are supported`,
      );
    }
    checkDeclaredSize(entry);
    total += entry.size;
    if (total > LIMITS.zipTotalBytes) {
      refuse(
        'file',
        `压缩包解压后超过 ${LIMITS.zipTotalBytes} 字节;疑为压缩炸弹,拒绝`,
        `the archive inflates to more than ${LIMITS.zipTotalBytes} bytes; refused as a possible zip bomb`,
      );
    }
    entries.push(entry);
  }
  return entries;
}

function checkDeclaredSize(entry: ZipEntry): void {
  if (entry.size > LIMITS.zipEntryBytes) {
    refuse(
      'file',
      `条目 ${entry.name} 解压后为 ${entry.size} 字节,超过 ${LIMITS.zipEntryBytes};疑为压缩炸弹,拒绝`,
      `entry ${entry.name} inflates to ${entry.size} bytes, more than ${LIMITS.zipEntryBytes}; refused as a possible zip bomb`,
    );
  }
  const ratio = entry.size / Math.max(1, entry.compressedSize);
  if (entry.size > LIMITS.zipRatioFloorBytes && ratio > LIMITS.zipRatio) {
    refuse(
      'file',
      `条目 ${entry.name} 压缩比为 ${Math.round(ratio)}:1,超过 ${LIMITS.zipRatio}:1;疑为压缩炸弹,拒绝`,
      `entry ${entry.name} is compressed ${Math.round(ratio)}:1, more than ${LIMITS.zipRatio}:1; refused as a possible zip bomb`,
    );
  }
}

export function readEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const at = entry.headerOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL)
    damaged(`${entry.name} 的文件头`, `the header of ${entry.name}`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) damaged(`${entry.name} 被截断`, `${entry.name} is cut short`);
  const data = buf.subarray(start, end);
  let out: Buffer;
  if (entry.method === 0) {
    out = data;
  } else {
    try {
      // One byte more than declared: an entry that fills it is lying about its size.
      out = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        oversized(entry);
      }
      const why = (error as Error).message;
      damaged(`${entry.name} 无法解压(${why})`, `${entry.name} does not inflate (${why})`);
    }
  }
  if (out.length !== entry.size) {
    if (out.length > entry.size) {
      oversized(entry);
    }
    damaged(
      `${entry.name} 有 ${out.length} 字节,而不是声明的 ${entry.size} 字节`,
      `${entry.name} holds ${out.length} bytes, not the ${entry.size} it declares`,
    );
  }
  if (crc32(out) >>> 0 !== entry.crc) damaged(`${entry.name} 校验和不符`, `${entry.name} fails its checksum`);
  return out;
}

/** Every file in the archive (directories left out), each checked and inflated within the limits. */
export function unzip(buf: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of listZip(buf)) {
    if (entry.name.endsWith('/')) continue;
    files.set(entry.name, readEntry(buf, entry));
  }
  return files;
}
