import type { Geometry, Position } from 'geojson';

/**
 * PostGIS hands geometry over as hex EWKB; this turns it into GeoJSON. One parser serves both
 * backends, so the embedded and the server store return identical features.
 * Coordinates are rounded to 7 decimals (about 1 cm), the precision RFC 7946 asks for.
 */

const Z_FLAG = 0x80000000;
const M_FLAG = 0x40000000;
const SRID_FLAG = 0x20000000;
const PRECISION = 1e7;

class Reader {
  private offset = 0;
  private littleEndian = true;
  constructor(private readonly view: DataView) {}

  byteOrder(): void {
    this.littleEndian = this.view.getUint8(this.offset) === 1;
    this.offset += 1;
  }
  uint32(): number {
    const value = this.view.getUint32(this.offset, this.littleEndian);
    this.offset += 4;
    return value;
  }
  float64(): number {
    const value = this.view.getFloat64(this.offset, this.littleEndian);
    this.offset += 8;
    return value;
  }
}

const round = (value: number) => Math.round(value * PRECISION) / PRECISION;

function readGeometry(reader: Reader): Geometry {
  reader.byteOrder();
  const header = reader.uint32();
  const hasZ = (header & Z_FLAG) !== 0;
  const hasM = (header & M_FLAG) !== 0;
  if (header & SRID_FLAG) reader.uint32();
  const type = header & 0xffff;
  // ISO WKB writes Z and M as 1000s in the type code; EWKB uses the flags above.
  const isoDims = Math.floor(type / 1000);
  const baseType = type % 1000;
  const dims = 2 + (hasZ || isoDims === 1 || isoDims === 3 ? 1 : 0) + (hasM || isoDims === 2 || isoDims === 3 ? 1 : 0);
  const keepZ = hasZ || isoDims === 1 || isoDims === 3;

  const point = (): Position => {
    const values: number[] = [];
    for (let i = 0; i < dims; i++) values.push(reader.float64());
    return keepZ ? [round(values[0]), round(values[1]), values[2]] : [round(values[0]), round(values[1])];
  };
  const points = (): Position[] => Array.from({ length: reader.uint32() }, point);
  const rings = (): Position[][] => Array.from({ length: reader.uint32() }, points);
  const parts = <T>(read: () => T): T[] => Array.from({ length: reader.uint32() }, read);
  const member = <G extends Geometry>() => readGeometry(reader) as G;

  switch (baseType) {
    case 1:
      return { type: 'Point', coordinates: point() };
    case 2:
      return { type: 'LineString', coordinates: points() };
    case 3:
      return { type: 'Polygon', coordinates: rings() };
    case 4:
      return { type: 'MultiPoint', coordinates: parts(() => member<GeoJSON.Point>().coordinates) };
    case 5:
      return { type: 'MultiLineString', coordinates: parts(() => member<GeoJSON.LineString>().coordinates) };
    case 6:
      return { type: 'MultiPolygon', coordinates: parts(() => member<GeoJSON.Polygon>().coordinates) };
    case 7:
      return { type: 'GeometryCollection', geometries: parts(() => readGeometry(reader)) };
    default:
      throw new Error(`unsupported WKB geometry type ${type}`);
  }
}

export function parseEwkb(hex: string): Geometry {
  return parseWkb(Buffer.from(hex, 'hex'));
}

/**
 * WKB or EWKB as bytes, as a GeoPackage stores it behind its own header. Every read stays inside
 * the bytes (a DataView throws a RangeError past its end), and each element read takes at least
 * four of them, so a count that lies cannot make the parser allocate more than the input allows.
 */
export function parseWkb(bytes: Uint8Array): Geometry {
  return readGeometry(new Reader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
}
