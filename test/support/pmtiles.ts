/**
 * A PMTiles v3 archive written from the specification (github.com/protomaps/PMTiles, spec/v3), by
 * hand and apart from the reader the product uses, so a test of the basemap reads bytes it did not
 * write itself: a 127-byte header, one root directory (uncompressed) and the tiles one after the other.
 */
import { createCanvas } from '@napi-rs/canvas';
import { tileAt } from '../../server/tiles/rules.ts';

/** The tile's place on the Hilbert curve of its zoom, after every tile of the zooms above it. */
export function tileId(z: number, x: number, y: number): number {
  let d = 0;
  const n = 2 ** z;
  let [tx, ty] = [x, y];
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (tx & s) > 0 ? 1 : 0;
    const ry = (ty & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) [tx, ty] = [n - 1 - tx, n - 1 - ty];
      [tx, ty] = [ty, tx];
    }
  }
  return (4 ** z - 1) / 3 + d;
}

function varint(out: number[], value: number) {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export interface ArchiveTile {
  z: number;
  x: number;
  y: number;
  bytes: Uint8Array;
}

export interface ArchiveOptions {
  /** 1 MVT, 2 PNG, 3 JPEG, 4 WebP. */
  tileType: number;
  bounds: [number, number, number, number];
  /** The archive's JSON metadata as text (written as it is, uncompressed, after the root directory); none when left out. */
  metadata?: string;
}

/** The archive of `tiles`, each stored once, in the order of their ids. */
export function pmtiles(tiles: ArchiveTile[], { tileType, bounds, metadata = '' }: ArchiveOptions): Uint8Array {
  const sorted = tiles.map((t) => ({ ...t, id: tileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const offsets: number[] = [];
  let dataLength = 0;
  for (const t of sorted) {
    offsets.push(dataLength);
    dataLength += t.bytes.length;
  }
  const dir: number[] = [];
  varint(dir, sorted.length);
  sorted.forEach((t, i) => {
    varint(dir, t.id - (i ? sorted[i - 1].id : 0));
  });
  for (const _ of sorted) varint(dir, 1);
  for (const t of sorted) varint(dir, t.bytes.length);
  // An offset right after the tile before is written 0; any other as offset + 1.
  sorted.forEach((_, i) => {
    const follows = i > 0 && offsets[i] === offsets[i - 1] + sorted[i - 1].bytes.length;
    varint(dir, follows ? 0 : offsets[i] + 1);
  });

  const header = new DataView(new ArrayBuffer(127));
  new Uint8Array(header.buffer).set(new TextEncoder().encode('PMTiles'), 0);
  header.setUint8(7, 3);
  const u64 = (at: number, value: number) => header.setBigUint64(at, BigInt(value), true);
  const json = new TextEncoder().encode(metadata);
  const dataOffset = 127 + dir.length + json.length;
  u64(8, 127);
  u64(16, dir.length);
  u64(24, 127 + dir.length);
  u64(32, json.length);
  u64(40, dataOffset + dataLength);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, dataLength);
  u64(72, sorted.length);
  u64(80, sorted.length);
  u64(88, sorted.length);
  header.setUint8(96, 1);
  header.setUint8(97, 1);
  header.setUint8(98, 1);
  header.setUint8(99, tileType);
  header.setUint8(100, Math.min(...sorted.map((t) => t.z)));
  header.setUint8(101, Math.max(...sorted.map((t) => t.z)));
  const e7 = (at: number, degrees: number) => header.setInt32(at, Math.round(degrees * 1e7), true);
  e7(102, bounds[0]);
  e7(106, bounds[1]);
  e7(110, bounds[2]);
  e7(114, bounds[3]);
  header.setUint8(118, Math.min(...sorted.map((t) => t.z)));
  e7(119, (bounds[0] + bounds[2]) / 2);
  e7(123, (bounds[1] + bounds[3]) / 2);

  const out = new Uint8Array(dataOffset + dataLength);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(dir, 127);
  out.set(json, 127 + dir.length);
  sorted.forEach((t, i) => {
    out.set(t.bytes, dataOffset + offsets[i]);
  });
  return out;
}

/** A tile of one colour, as a PNG. */
export async function solidPng(colour: string): Promise<Uint8Array> {
  const canvas = createCanvas(256, 256);
  const context = canvas.getContext('2d');
  context.fillStyle = colour;
  context.fillRect(0, 0, 256, 256);
  return new Uint8Array(await canvas.encode('png'));
}

/** Every tile of zooms `z0` to `z1` over a lon/lat box, each holding `bytes`. */
export function tilesOver([w, s, e, n]: number[], z0: number, z1: number, bytes: Uint8Array): ArchiveTile[] {
  const tiles: ArchiveTile[] = [];
  for (let z = z0; z <= z1; z++) {
    const [low, high] = [tileAt([w, n], z), tileAt([e, s], z)];
    for (let x = low.x; x <= high.x; x++) for (let y = low.y; y <= high.y; y++) tiles.push({ z, x, y, bytes });
  }
  return tiles;
}
