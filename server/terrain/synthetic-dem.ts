/**
 * A seeded fractal terrain for tests, benchmarks and the demo: octaves of value noise on ever finer
 * lattices, each weaker by a fixed ratio (the roughness), smoothly interpolated, so that ridges,
 * valleys and hidden slopes appear as on real hills and the same seed gives the same heights on
 * every machine. Not a real landscape: a stand-in with the statistics a viewshed cares about.
 */
import { mulberry32 } from '../../catalog/random.ts';
import type { Dem } from './dem.ts';

export interface SyntheticDemOptions {
  cols: number;
  rows: number;
  cellM: number;
  west: number;
  north: number;
  crs: string;
  seed: number;
  /** Lowest and highest height the noise is scaled to, m. */
  lowM?: number;
  highM?: number;
  /** The coarsest lattice's spacing, m: the size of the largest hills. */
  featureM?: number;
  /** Amplitude ratio from one octave to the next finer one (0.5–0.7 looks like hills). */
  roughness?: number;
}

const smooth = (t: number) => t * t * (3 - 2 * t);

/** Adds one octave of value noise with lattice spacing `step` cells to `out`. */
function addOctave(out: Float64Array, cols: number, rows: number, step: number, amp: number, rnd: () => number) {
  const lc = Math.ceil(cols / step) + 2;
  const lr = Math.ceil(rows / step) + 2;
  const lattice = new Float64Array(lc * lr);
  for (let i = 0; i < lattice.length; i++) lattice[i] = rnd();
  for (let r = 0; r < rows; r++) {
    const gy = r / step;
    const y0 = Math.floor(gy);
    const ty = smooth(gy - y0);
    for (let c = 0; c < cols; c++) {
      const gx = c / step;
      const x0 = Math.floor(gx);
      const tx = smooth(gx - x0);
      const a = lattice[y0 * lc + x0];
      const b = lattice[y0 * lc + x0 + 1];
      const d = lattice[(y0 + 1) * lc + x0];
      const e = lattice[(y0 + 1) * lc + x0 + 1];
      out[r * cols + c] += amp * ((a + (b - a) * tx) * (1 - ty) + (d + (e - d) * tx) * ty);
    }
  }
}

export function syntheticDem(options: SyntheticDemOptions): Dem {
  const { cols, rows, cellM, seed } = options;
  const rnd = mulberry32(seed);
  const sum = new Float64Array(cols * rows);
  const roughness = options.roughness ?? 0.55;
  let step = Math.max(2, Math.round((options.featureM ?? 6000) / cellM));
  for (let amp = 1; step >= 1; step = step === 1 ? 0 : Math.max(1, Math.round(step / 2)), amp *= roughness) {
    addOctave(sum, cols, rows, step, amp, rnd);
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of sum) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const low = options.lowM ?? 20;
  const high = options.highM ?? 1000;
  const heights = new Float32Array(cols * rows);
  for (let i = 0; i < sum.length; i++) heights[i] = low + ((sum[i] - min) / (max - min || 1)) * (high - low);
  return {
    cols,
    rows,
    west: options.west,
    north: options.north,
    cellX: cellM,
    cellY: cellM,
    crs: options.crs,
    heights,
  };
}
