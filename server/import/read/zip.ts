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

function damaged(reason: string): never {
  refuse('file', `the zip archive is truncated or damaged: ${reason}`);
}

function findEndOfDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD) return i;
  }
  return damaged('its table of contents (end of central directory) is missing');
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
  if (buf.length < 22) damaged('it is shorter than an empty archive');
  const end = findEndOfDirectory(buf);
  const disk = buf.readUInt16LE(end + 4);
  const count = buf.readUInt16LE(end + 10);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (disk !== 0) refuse('file', 'multi-part zip archives are not supported');
  if (count === 0xffff || dirOffset === 0xffffffff) refuse('file', 'ZIP64 archives are not supported');
  if (count > LIMITS.zipEntries) refuse('file', `the archive has ${count} entries; at most ${LIMITS.zipEntries}`);
  if (dirOffset + dirSize > end) damaged('its table of contents points past the end of the file');

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || buf.readUInt32LE(at) !== CENTRAL) damaged(`entry ${i + 1} of its table of contents`);
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

    if (unsafeName(name)) refuse('file', `entry ${name} leaves the archive (path traversal); refused`);
    if (flags & ENCRYPTED) refuse('file', `entry ${name} is encrypted, which is not supported`);
    if (entry.method !== 0 && entry.method !== 8) {
      refuse('file', `entry ${name} uses compression method ${entry.method}; only stored and deflate are supported`);
    }
    checkDeclaredSize(entry);
    total += entry.size;
    if (total > LIMITS.zipTotalBytes) {
      refuse('file', `the archive inflates to more than ${LIMITS.zipTotalBytes} bytes; refused as a possible zip bomb`);
    }
    entries.push(entry);
  }
  return entries;
}

function checkDeclaredSize(entry: ZipEntry): void {
  if (entry.size > LIMITS.zipEntryBytes) {
    refuse(
      'file',
      `entry ${entry.name} inflates to ${entry.size} bytes, more than ${LIMITS.zipEntryBytes}; refused as a possible zip bomb`,
    );
  }
  const ratio = entry.size / Math.max(1, entry.compressedSize);
  if (entry.size > LIMITS.zipRatioFloorBytes && ratio > LIMITS.zipRatio) {
    refuse(
      'file',
      `entry ${entry.name} is compressed ${Math.round(ratio)}:1, more than ${LIMITS.zipRatio}:1; refused as a possible zip bomb`,
    );
  }
}

export function readEntry(buf: Buffer, entry: ZipEntry): Buffer {
  const at = entry.headerOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) damaged(`the header of ${entry.name}`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) damaged(`${entry.name} is cut short`);
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
        refuse('file', `entry ${entry.name} inflates to more than its declared size; refused as a possible zip bomb`);
      }
      damaged(`${entry.name} does not inflate (${(error as Error).message})`);
    }
  }
  if (out.length !== entry.size) {
    if (out.length > entry.size) {
      refuse('file', `entry ${entry.name} inflates to more than its declared size; refused as a possible zip bomb`);
    }
    damaged(`${entry.name} holds ${out.length} bytes, not the ${entry.size} it declares`);
  }
  if (crc32(out) >>> 0 !== entry.crc) damaged(`${entry.name} fails its checksum`);
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
