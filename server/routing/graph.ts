/**
 * The routing graph, built in the API process from a roads layer so that both backends route the same
 * way (the embedded store has no pgRouting). Lines are noded where they share a vertex (rounded to
 * 1e-7°) and only there: a bridge over a road without a common vertex stays apart, as it should. Every
 * line's ends are nodes too. A *piece* is the stretch of one road between two nodes, costed in seconds
 * from its length (Turf's haversine, as every distance here) at the road's speed; closed roads are left
 * out. Arcs (a piece in a direction it may be driven) are kept in CSR form, outgoing and incoming, in
 * typed arrays: a county's graph is a few MB, built in a fraction of a second, and a search over it
 * touches no objects. Each piece keeps its geometry and the stretch of its road it came from, so a route
 * or a reach can be drawn.
 */
import { haversineM } from '../analysis/geometry.ts';
import { type RoadFeature, type RoadInput, readRoads, type Speeds } from './road-input.ts';
import { VertexTable } from './vertex-table.ts';

/** Arcs grouped by node: those of node v are `offsets[v]` to `offsets[v + 1]`. */
export interface Csr {
  offsets: Int32Array;
  /** The node at the other end of each arc. */
  targets: Int32Array;
  /** Seconds to drive the arc. */
  costs: Float64Array;
  /** The piece each arc drives. */
  pieces: Int32Array;
  /** 1 when the arc drives its piece against the direction of the piece's geometry. */
  against: Uint8Array;
}

export interface RoadGraph {
  nodeCount: number;
  /** lon, lat of each node. */
  nodeLonLat: Float64Array;
  pieceCount: number;
  /** The nodes at the start and the end of each piece's geometry. */
  pieceSource: Int32Array;
  pieceTarget: Int32Array;
  /** Seconds to drive each piece (either way, if it may be driven both ways). */
  pieceCost: Float64Array;
  pieceLengthM: Float64Array;
  /** 1 when the piece may be driven only from its source to its target. */
  pieceOneway: Uint8Array;
  /** The index, in the input, of the road each piece belongs to. */
  pieceFeature: Int32Array;
  /** Where each piece starts and ends along its road, as fractions of the road's length: 2 per piece. */
  pieceFraction: Float64Array;
  /** The vertices of piece p are `shape[2 * shapeStart[p]]` to `shape[2 * shapeStart[p + 1]]` (lon, lat). */
  shapeStart: Int32Array;
  shape: Float64Array;
  /** Arcs leaving each node, and arcs entering it (`targets` then holds where they come from). */
  out: Csr;
  in: Csr;
  /** The highest speed of any road in the graph, km/h (0 for an empty graph). */
  topSpeedKmh: number;
}

interface Lines {
  table: VertexTable;
  /** Vertex ids of every part, one after the other, consecutive repeats dropped. */
  vertices: Int32Array;
  /** Metres from the vertex before to each vertex (0 at the start of a part). */
  segmentM: Float64Array;
  /** Part k is `vertices[partStart[k]]` to `vertices[partStart[k + 1]]`; it belongs to `partFeature[k]`. */
  partStart: number[];
  partFeature: number[];
  featureLengthM: Float64Array;
}

/** Pass one: every vertex of every open road into the table; a part's ends count twice (always nodes). */
function collect(input: RoadInput): Lines {
  let total = 0;
  for (let i = 0; i < input.parts.length; i++)
    if (!input.closed[i]) for (const part of input.parts[i]) total += part.length;
  const table = new VertexTable(total);
  const vertices = new Int32Array(total);
  const segmentM = new Float64Array(total);
  const partStart: number[] = [];
  const partFeature: number[] = [];
  const featureLengthM = new Float64Array(input.parts.length);
  let at = 0;
  for (let f = 0; f < input.parts.length; f++) {
    if (input.closed[f]) continue;
    const parts = input.parts[f];
    for (const part of parts) {
      partStart.push(at);
      partFeature.push(f);
      const first = at;
      for (let i = 0; i < part.length; i++) {
        const v = table.add(part[i][0], part[i][1]);
        if (at > first && vertices[at - 1] === v) continue;
        segmentM[at] = at > first ? edgeM(table, vertices[at - 1], v) : 0;
        featureLengthM[f] += segmentM[at];
        vertices[at++] = v;
      }
      // A vertex met twice (two roads, or one road touching itself) is a node; so is each end of a part.
      for (let i = first; i < at; i++) see(table, vertices[i]);
      see(table, vertices[first]);
      see(table, vertices[at - 1]);
    }
  }
  partStart.push(at);
  return { table, vertices: vertices.subarray(0, at), segmentM, partStart, partFeature, featureLengthM };
}

const see = (t: VertexTable, v: number) => {
  t.seen[v] = Math.min(255, t.seen[v] + 1);
};

const edgeM = (t: VertexTable, a: number, b: number) => haversineM(t.lon(a), t.lat(a), t.lon(b), t.lat(b));

/** The pieces, in typed arrays sized for the most there can be (one per vertex); `count` are used. */
class Pieces {
  count = 0;
  shapeCount = 0;
  readonly source: Int32Array;
  readonly target: Int32Array;
  readonly lengthM: Float64Array;
  readonly feature: Int32Array;
  readonly fraction: Float64Array;
  readonly shapeStart: Int32Array;
  readonly shape: Float64Array;

  constructor(vertices: number) {
    this.source = new Int32Array(vertices);
    this.target = new Int32Array(vertices);
    this.lengthM = new Float64Array(vertices);
    this.feature = new Int32Array(vertices);
    this.fraction = new Float64Array(2 * vertices);
    this.shapeStart = new Int32Array(vertices + 1);
    this.shape = new Float64Array(4 * vertices);
  }

  vertex(table: VertexTable, v: number) {
    this.shape[2 * this.shapeCount] = table.lon(v);
    this.shape[2 * this.shapeCount + 1] = table.lat(v);
    this.shapeCount++;
  }

  /** Opens a piece at vertex v. */
  open(table: VertexTable, v: number) {
    this.shapeStart[this.count] = this.shapeCount;
    this.vertex(table, v);
  }

  close(source: number, target: number, lengthM: number, feature: number, from: number, to: number) {
    const p = this.count++;
    this.source[p] = source;
    this.target[p] = target;
    this.lengthM[p] = lengthM;
    this.feature[p] = feature;
    this.fraction[2 * p] = from;
    this.fraction[2 * p + 1] = to;
  }
}

/** The node of vertex v, numbered when first met. */
function nodeOfVertex(lines: Lines, nodeOf: Int32Array, nodeLonLat: number[], v: number): number {
  if (nodeOf[v] < 0) {
    nodeOf[v] = nodeLonLat.length / 2;
    nodeLonLat.push(lines.table.lon(v), lines.table.lat(v));
  }
  return nodeOf[v];
}

/** Pass two: each part cut at its nodes into pieces, nodes numbered in the order they are met. */
function cut(lines: Lines, nodeOf: Int32Array, nodeLonLat: number[]): Pieces {
  const { table, vertices, segmentM, partStart, partFeature, featureLengthM } = lines;
  const out = new Pieces(vertices.length);
  let doneM = 0;
  for (let k = 0; k + 1 < partStart.length; k++) {
    const f = partFeature[k];
    if (k === 0 || partFeature[k - 1] !== f) doneM = 0;
    let from = partStart[k];
    let pieceM = 0;
    out.open(table, vertices[from]);
    for (let i = from + 1; i < partStart[k + 1]; i++) {
      const v = vertices[i];
      pieceM += segmentM[i];
      out.vertex(table, v);
      if (table.seen[v] < 2) continue;
      const total = featureLengthM[f];
      const a = nodeOfVertex(lines, nodeOf, nodeLonLat, vertices[from]);
      const b = nodeOfVertex(lines, nodeOf, nodeLonLat, v);
      out.close(a, b, pieceM, f, doneM / total, Math.min(1, (doneM + pieceM) / total));
      doneM += pieceM;
      pieceM = 0;
      from = i;
      if (i + 1 < partStart[k + 1]) out.open(table, v);
    }
  }
  out.shapeStart[out.count] = out.shapeCount;
  return out;
}

/** The arcs of the pieces grouped by the node they leave (`incoming` false) or enter (true). */
function csr(g: Omit<RoadGraph, 'out' | 'in' | 'topSpeedKmh'>, incoming: boolean): Csr {
  const { nodeCount, pieceCount, pieceSource, pieceTarget, pieceOneway, pieceCost } = g;
  const from = incoming ? pieceTarget : pieceSource;
  const to = incoming ? pieceSource : pieceTarget;
  const offsets = new Int32Array(nodeCount + 1);
  for (let p = 0; p < pieceCount; p++) {
    offsets[from[p] + 1]++;
    if (!pieceOneway[p]) offsets[to[p] + 1]++;
  }
  for (let v = 0; v < nodeCount; v++) offsets[v + 1] += offsets[v];
  const arcs = offsets[nodeCount];
  const c: Csr = {
    offsets,
    targets: new Int32Array(arcs),
    costs: new Float64Array(arcs),
    pieces: new Int32Array(arcs),
    against: new Uint8Array(arcs),
  };
  const next = offsets.slice(0, nodeCount);
  const put = (at: number, other: number, p: number, against: number) => {
    const a = next[at]++;
    c.targets[a] = other;
    c.costs[a] = pieceCost[p];
    c.pieces[a] = p;
    c.against[a] = against;
  };
  for (let p = 0; p < pieceCount; p++) {
    put(from[p], to[p], p, 0);
    if (!pieceOneway[p]) put(to[p], from[p], p, 1);
  }
  return c;
}

/**
 * The graph of the open roads among `features`, driven at their own `speed_kmh` or their class's speed
 * in `speeds`; InvalidRoads (naming each road) when a road cannot be routed on.
 */
export function buildGraph(features: readonly RoadFeature[], speeds: Speeds): RoadGraph {
  const input = readRoads(features, speeds);
  const lines = collect(input);
  const nodeOf = new Int32Array(lines.table.size).fill(-1);
  const nodeLonLat: number[] = [];
  const pieces = cut(lines, nodeOf, nodeLonLat);
  const n = pieces.count;
  const pieceFeature = pieces.feature.slice(0, n);
  const pieceLengthM = pieces.lengthM.slice(0, n);
  const pieceCost = new Float64Array(pieceLengthM.length);
  const pieceOneway = new Uint8Array(pieceLengthM.length);
  let topSpeedKmh = 0;
  for (let p = 0; p < pieceCost.length; p++) {
    const f = pieceFeature[p];
    pieceCost[p] = pieceLengthM[p] / (input.speedKmh[f] / 3.6);
    pieceOneway[p] = input.oneway[f];
    topSpeedKmh = Math.max(topSpeedKmh, input.speedKmh[f]);
  }
  const base = {
    nodeCount: nodeLonLat.length / 2,
    nodeLonLat: Float64Array.from(nodeLonLat),
    pieceCount: pieceCost.length,
    pieceSource: pieces.source.slice(0, n),
    pieceTarget: pieces.target.slice(0, n),
    pieceCost,
    pieceLengthM,
    pieceOneway,
    pieceFeature,
    pieceFraction: pieces.fraction.slice(0, 2 * n),
    shapeStart: pieces.shapeStart.slice(0, n + 1),
    shape: pieces.shape.slice(0, 2 * pieces.shapeCount),
  };
  return { ...base, out: csr(base, false), in: csr(base, true), topSpeedKmh };
}
