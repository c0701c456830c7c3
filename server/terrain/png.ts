/**
 * A PNG of grey and opacity, 8 bits each, written with node's zlib: the hillshade is the only image
 * the server draws, and a dependency for it would weigh more than these few lines of the format
 * (signature, IHDR, one IDAT, IEND; each row led by filter 0).
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** `grey` and `alpha` hold one byte a pixel, row by row from the top. */
export function greyAlphaPng(width: number, height: number, grey: Uint8Array, alpha: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 4; // grey with alpha
  const raw = new Uint8Array(height * (1 + 2 * width));
  for (let r = 0, o = 0; r < height; r++) {
    raw[o++] = 0;
    for (let c = 0, i = r * width; c < width; c++, i++) {
      raw[o++] = grey[i];
      raw[o++] = alpha[i];
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}
