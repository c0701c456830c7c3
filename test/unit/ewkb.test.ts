import { describe, expect, it } from 'vitest';
import { parseEwkb } from '../../server/store/ewkb.ts';

/** Writes WKB by hand, so the parser is checked against the format, not against itself. */
function wkb(littleEndian: boolean, header: number, srid: number | null, body: (w: Writer) => void): string {
  const w = new Writer(littleEndian);
  w.u8(littleEndian ? 1 : 0);
  w.u32(header);
  if (srid !== null) w.u32(srid);
  body(w);
  return w.hex();
}

class Writer {
  private bytes: number[] = [];
  constructor(private readonly le: boolean) {}
  u8(v: number) {
    this.bytes.push(v);
  }
  u32(v: number) {
    const b = new DataView(new ArrayBuffer(4));
    b.setUint32(0, v, this.le);
    this.bytes.push(...new Uint8Array(b.buffer));
  }
  f64(v: number) {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v, this.le);
    this.bytes.push(...new Uint8Array(b.buffer));
  }
  hex() {
    return Buffer.from(this.bytes).toString('hex');
  }
}

const SRID = 0x20000000;

describe('parseEwkb', () => {
  it('reads a PostGIS point with SRID 4326', () => {
    expect(parseEwkb('0101000020E61000006666666666C65D406666666666663940')).toEqual({
      type: 'Point',
      coordinates: [119.1, 25.4],
    });
  });

  it('reads big-endian WKB', () => {
    const hex = wkb(false, 1, null, (w) => {
      w.f64(119.123);
      w.f64(25.456);
    });
    expect(parseEwkb(hex)).toEqual({ type: 'Point', coordinates: [119.123, 25.456] });
  });

  it('reads a polygon with a hole', () => {
    const ring = (w: Writer, pts: number[][]) => {
      w.u32(pts.length);
      for (const [x, y] of pts) {
        w.f64(x);
        w.f64(y);
      }
    };
    const outer = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ];
    const hole = [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 1],
      [1, 1],
    ];
    const hex = wkb(true, 3 | SRID, 4326, (w) => {
      w.u32(2);
      ring(w, outer);
      ring(w, hole);
    });
    expect(parseEwkb(hex)).toEqual({ type: 'Polygon', coordinates: [outer, hole] });
  });

  it('reads a multipolygon and a multilinestring', () => {
    const polygon = (w: Writer, x: number) => {
      w.u8(1);
      w.u32(3);
      w.u32(1);
      w.u32(4);
      for (const [a, b] of [
        [x, 0],
        [x + 1, 0],
        [x, 1],
        [x, 0],
      ]) {
        w.f64(a);
        w.f64(b);
      }
    };
    const multi = wkb(true, 6 | SRID, 4326, (w) => {
      w.u32(2);
      polygon(w, 0);
      polygon(w, 5);
    });
    const parsed = parseEwkb(multi);
    expect(parsed.type).toBe('MultiPolygon');
    expect((parsed as GeoJSON.MultiPolygon).coordinates[1][0][0]).toEqual([5, 0]);

    const lines = wkb(true, 5, null, (w) => {
      w.u32(1);
      w.u8(1);
      w.u32(2);
      w.u32(2);
      for (const v of [119, 25, 119.5, 25.5]) w.f64(v);
    });
    expect(parseEwkb(lines)).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [
          [119, 25],
          [119.5, 25.5],
        ],
      ],
    });
  });

  it('keeps Z, drops M, and rounds to 7 decimals', () => {
    const z = wkb(true, 1 | 0x80000000, null, (w) => {
      w.f64(119.123456789);
      w.f64(25.1);
      w.f64(12.5);
    });
    expect(parseEwkb(z)).toEqual({ type: 'Point', coordinates: [119.1234568, 25.1, 12.5] });
    const m = wkb(true, 1 | 0x40000000, null, (w) => {
      w.f64(1);
      w.f64(2);
      w.f64(99);
    });
    expect(parseEwkb(m)).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('refuses a type it does not know', () => {
    expect(() => parseEwkb(wkb(true, 17, null, () => {}))).toThrow(/unsupported/);
  });
});
