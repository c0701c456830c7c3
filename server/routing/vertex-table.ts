/**
 * Vertices keyed by their coordinates rounded to 1e-7° (the precision GeoJSON carries here), so that
 * two lines sharing a vertex share a node. An open-addressing hash table over pairs of int32 (degrees ×
 * 1e7 fit: 180e7 < 2³¹) in typed arrays: a Map keyed by strings costs several times more at a million
 * vertices, and the graph must be ready in well under a second at county scale.
 */

const SCALE = 1e7;

export class VertexTable {
  /** Rounded lon and lat of each vertex, ×1e7, in the order first seen. */
  xs: Int32Array;
  ys: Int32Array;
  /** How many times the graph met each vertex, saturating at 255 (the graph counts; 2 or more is a node). */
  seen: Uint8Array;
  size = 0;
  private slots: Int32Array;
  private mask: number;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.xs = new Int32Array(Math.max(16, expected));
    this.ys = new Int32Array(Math.max(16, expected));
    this.seen = new Uint8Array(Math.max(16, expected));
  }

  /** The vertex at (lon, lat), added if new. */
  add(lon: number, lat: number): number {
    const x = Math.round(lon * SCALE);
    const y = Math.round(lat * SCALE);
    let slot = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y ^ (y >>> 15), 0x85ebca77)) & this.mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      if (this.xs[id] === x && this.ys[id] === y) return id;
      slot = (slot + 1) & this.mask;
    }
    if (this.size === this.xs.length) this.grow();
    const id = this.size++;
    this.xs[id] = x;
    this.ys[id] = y;
    this.slots[slot] = id;
    return id;
  }

  lon(id: number): number {
    return this.xs[id] / SCALE;
  }

  lat(id: number): number {
    return this.ys[id] / SCALE;
  }

  private grow() {
    const more = this.xs.length * 2;
    const xs = new Int32Array(more);
    const ys = new Int32Array(more);
    const seen = new Uint8Array(more);
    xs.set(this.xs);
    ys.set(this.ys);
    seen.set(this.seen);
    this.xs = xs;
    this.ys = ys;
    this.seen = seen;
    if (more * 2 > this.slots.length) this.rehash(this.slots.length * 2);
  }

  private rehash(capacity: number) {
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let id = 0; id < this.size; id++) {
      const x = this.xs[id];
      const y = this.ys[id];
      let slot = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y ^ (y >>> 15), 0x85ebca77)) & this.mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    }
  }
}
