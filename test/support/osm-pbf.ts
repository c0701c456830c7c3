import { deflateSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';

/**
 * Writes an `.osm.pbf` from an `.osm` XML document, byte by byte after the PBF format's two .proto
 * files (wiki.openstreetmap.org/wiki/PBF_Format): nothing on this machine writes PBF (GDAL only
 * reads it, osmium is not installed), and a writer built on the parser under test would prove
 * nothing. GDAL, reading what this writes, is the check that it is right (test/api/roads-import.test.ts).
 * One header blob, then one data blob with a group of plain nodes and a group of ways.
 */

type Tags = Record<string, string>;
interface OsmNode {
  id: number;
  lat: number;
  lon: number;
  tags: Tags;
}
interface OsmWay {
  id: number;
  refs: number[];
  tags: Tags;
}

/** Protocol-buffer wire format: varints, zigzag, length-delimited fields. */
class Writer {
  private readonly bytes: number[] = [];

  varint(value: number): this {
    let v = BigInt(value);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      this.bytes.push(byte);
    } while (v > 0n);
    return this;
  }

  tag(field: number, wire: 0 | 2): this {
    return this.varint(field * 8 + wire);
  }

  uint(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }

  sint(field: number, value: number): this {
    return this.uint(field, zigzag(value));
  }

  bytesField(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  text(field: number, value: string): this {
    return this.bytesField(field, Buffer.from(value, 'utf8'));
  }

  packed(field: number, values: number[]): this {
    if (values.length === 0) return this;
    const inner = new Writer();
    for (const v of values) inner.varint(v);
    return this.bytesField(field, inner.done());
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const zigzag = (n: number) => (n >= 0 ? 2 * n : -2 * n - 1);

/** A string table shared by the block: index 0 is the empty string, as the format requires. */
class Strings {
  readonly list = [''];
  index(s: string): number {
    let i = this.list.indexOf(s);
    if (i < 0) i = this.list.push(s) - 1;
    return i;
  }
}

function tagsOf(tags: Tags, strings: Strings): { keys: number[]; vals: number[] } {
  const entries = Object.entries(tags);
  return { keys: entries.map(([k]) => strings.index(k)), vals: entries.map(([, v]) => strings.index(v)) };
}

function nodeMessage(node: OsmNode, strings: Strings): Uint8Array {
  const { keys, vals } = tagsOf(node.tags, strings);
  return new Writer()
    .sint(1, node.id)
    .packed(2, keys)
    .packed(3, vals)
    .sint(8, Math.round(node.lat * 1e7))
    .sint(9, Math.round(node.lon * 1e7))
    .done();
}

function wayMessage(way: OsmWay, strings: Strings): Uint8Array {
  const { keys, vals } = tagsOf(way.tags, strings);
  const deltas = way.refs.map((ref, i) => zigzag(ref - (i === 0 ? 0 : way.refs[i - 1])));
  return new Writer().uint(1, way.id).packed(2, keys).packed(3, vals).packed(8, deltas).done();
}

/** BlobHeader length, BlobHeader, Blob with the block deflated. */
function blob(type: 'OSMHeader' | 'OSMData', block: Uint8Array): Buffer {
  const data = new Writer().uint(2, block.length).bytesField(3, deflateSync(block)).done();
  const header = new Writer().text(1, type).uint(3, data.length).done();
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, data]);
}

function primitiveBlock(nodes: OsmNode[], ways: OsmWay[]): Uint8Array {
  const strings = new Strings();
  const nodeGroup = new Writer();
  for (const n of nodes) nodeGroup.bytesField(1, nodeMessage(n, strings));
  const wayGroup = new Writer();
  for (const w of ways) wayGroup.bytesField(3, wayMessage(w, strings));
  const table = new Writer();
  for (const s of strings.list) table.text(1, s);
  return new Writer()
    .bytesField(1, table.done())
    .bytesField(2, nodeGroup.done())
    .bytesField(2, wayGroup.done())
    .uint(17, 100)
    .done();
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function tags(element: Record<string, unknown>): Tags {
  return Object.fromEntries(
    asArray(element.tag as Array<Record<string, string>> | undefined).map((t) => [t['@_k'], t['@_v']]),
  );
}

/** The `.osm.pbf` holding the same nodes and ways as the XML (relations are not written). */
export function osmPbfFromXml(xml: string): Buffer {
  const osm = new XMLParser({ ignoreAttributes: false, parseAttributeValue: false }).parse(xml).osm;
  const nodes: OsmNode[] = asArray(osm.node).map((n: Record<string, unknown>) => ({
    id: Number(n['@_id']),
    lat: Number(n['@_lat']),
    lon: Number(n['@_lon']),
    tags: tags(n),
  }));
  const ways: OsmWay[] = asArray(osm.way).map((w: Record<string, unknown>) => ({
    id: Number(w['@_id']),
    refs: asArray(w.nd as Array<Record<string, string>>).map((nd) => Number(nd['@_ref'])),
    tags: tags(w),
  }));
  const header = new Writer().text(4, 'OsmSchema-V0.6').text(16, 'OneMap test writer').done();
  return Buffer.concat([blob('OSMHeader', header), blob('OSMData', primitiveBlock(nodes, ways))]);
}
