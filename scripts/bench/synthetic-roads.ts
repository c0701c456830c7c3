/**
 * A seeded county road network for tests and benchmarks, of any size: a jittered grid of junctions
 * with about 70% of the links between neighbours kept (so there are dead ends, detours and the odd
 * island), national roads along every eighth row and provincial roads along every eighth column as long
 * lines through many junctions (the graph must split them), and an expressway on its own vertices that
 * crosses local roads without meeting them except at interchanges (the graph must not join them).
 * Some local links are one-way, some closed, some bend through a vertex of their own. A pure function
 * of the generator and the extent, so the demo generator can draw from it too.
 */
import type { Feature, LineString, Position } from 'geojson';

type Extent = [number, number, number, number];

type RoadProps = {
  class: string;
  oneway: boolean;
  status: 'open' | 'closed';
  name: string;
  bridge: boolean;
  tunnel: boolean;
};

const KEEP = 0.7;
const TRUNK_EVERY = 8;
const INTERCHANGE_EVERY = 10;
const LOCAL = ['county', 'township', 'village', 'village'] as const;

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** Columns and rows of a grid over the extent with about `junctions` nodes, cells near square on the ground. */
function gridSize([w, s, e, n]: Extent, junctions: number): [number, number] {
  const aspect = ((e - w) * Math.cos((((s + n) / 2) * Math.PI) / 180)) / (n - s);
  const rows = Math.max(2, Math.round(Math.sqrt(junctions / aspect)));
  return [Math.max(2, Math.round(junctions / rows)), rows];
}

function road(coordinates: Position[], props: RoadProps, id: string): Feature<LineString, RoadProps> {
  return { type: 'Feature', id, geometry: { type: 'LineString', coordinates }, properties: props };
}

/** About `edges` pieces of road over `extent`, drawn from `random`. */
export function syntheticRoads(random: () => number, extent: Extent, edges: number): Feature<LineString, RoadProps>[] {
  const [cols, rows] = gridSize(extent, edges / (2 * KEEP));
  const [w, s, e, n] = extent;
  const dx = (e - w) / cols;
  const dy = (n - s) / rows;
  // Each junction's offset from its cell centre, drawn once: several roads pass through one junction.
  const jitter = Float64Array.from({ length: 2 * cols * rows }, () => random() - 0.5);
  const at = (c: number, r: number): Position => {
    const k = c % TRUNK_EVERY === 0 || r % TRUNK_EVERY === 0 ? 0.15 : 0.35;
    const j = 2 * (r * cols + c);
    return [round7(w + (c + 0.5 + k * jitter[j]) * dx), round7(s + (r + 0.5 + k * jitter[j + 1]) * dy)];
  };
  const out: Feature<LineString, RoadProps>[] = [];
  const plain = { oneway: false, status: 'open', bridge: false, tunnel: false } as const;
  for (let r = 0; r < rows; r += TRUNK_EVERY) {
    const line = Array.from({ length: cols }, (_, c) => at(c, r));
    out.push(road(line, { ...plain, class: 'national', name: `G${300 + r}` }, `national-${r}`));
  }
  for (let c = 0; c < cols; c += TRUNK_EVERY) {
    const line = Array.from({ length: rows }, (_, r) => at(c, r));
    out.push(road(line, { ...plain, class: 'provincial', name: `S${200 + c}` }, `provincial-${c}`));
  }
  out.push(...expressway(at, cols, rows, dx, dy));
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && r % TRUNK_EVERY !== 0 && random() < KEEP)
        out.push(local(random, at(c, r), at(c + 1, r), out.length));
      if (r + 1 < rows && c % TRUNK_EVERY !== 0 && random() < KEEP)
        out.push(local(random, at(c, r), at(c, r + 1), out.length));
    }
  return out;
}

/** A local road between two junctions: now and then one-way, closed, or bent through a vertex of its own. */
function local(random: () => number, a: Position, b: Position, k: number): Feature<LineString, RoadProps> {
  const kind = LOCAL[Math.floor(random() * LOCAL.length)];
  const roll = random();
  const bend = random() < 0.3;
  const line = bend
    ? [
        a,
        [
          round7((a[0] + b[0]) / 2 + (random() - 0.5) * 0.2 * Math.abs(b[1] - a[1])),
          round7((a[1] + b[1]) / 2 + (random() - 0.5) * 0.2 * Math.abs(b[0] - a[0])),
        ],
        b,
      ]
    : [a, b];
  return road(
    line,
    {
      class: kind,
      oneway: roll < 0.03,
      status: roll > 0.995 ? 'closed' : 'open',
      name: '',
      bridge: false,
      tunnel: false,
    },
    `local-${k}`,
  );
}

/**
 * A diagonal expressway on vertices of its own, half a cell off the grid, so it crosses local roads on
 * bridges; it meets the grid only at an interchange every few cells, through a short link road.
 */
function expressway(at: (c: number, r: number) => Position, cols: number, rows: number, dx: number, dy: number) {
  const steps = Math.min(cols, rows) - 1;
  const line: Position[] = [];
  const links: Feature<LineString, RoadProps>[] = [];
  for (let i = 0; i < steps; i++) {
    const p = at(i, i);
    const q: Position = [round7(p[0] + dx / 2), round7(p[1] + dy / 2)];
    line.push(q);
    if (i % INTERCHANGE_EVERY === 0 && i > 0) {
      const props = { class: 'county', oneway: false, status: 'open', name: '', bridge: false, tunnel: false } as const;
      links.push(road([q, p], props, `interchange-${i}`));
    }
  }
  const props = {
    class: 'expressway',
    oneway: false,
    status: 'open',
    name: 'G15',
    bridge: true,
    tunnel: false,
  } as const;
  return line.length >= 2 ? [road(line, props, 'expressway'), ...links] : links;
}
