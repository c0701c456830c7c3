/**
 * A write's commit position, the token of read-your-writes: a PostgreSQL LSN (the byte offset of its
 * write-ahead log, written `16/B374D848`). The API sends it after a write, a client sends the last
 * one it saw back, and the API's reads then see at least that write. Shared by the server and the
 * web client, which both compare positions.
 */
export const POSITION_HEADER = 'OneMap-LSN';

const LSN = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** A position as a number; undefined when the text is not one. */
export function parseLsn(text: string): bigint | undefined {
  const match = LSN.exec(text.trim());
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : undefined;
}

export function formatLsn(position: bigint): string {
  return `${(position >> 32n).toString(16).toUpperCase()}/${(position & 0xffffffffn).toString(16).toUpperCase()}`;
}
