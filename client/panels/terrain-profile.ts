/**
 * A terrain profile as the fire-watch planner reads one: the ground's height along a measured line,
 * drawn as a filled silhouette (distance across, height up) with the highest and lowest points named,
 * so a ridge between a tower and a valley shows at once. Drawn as SVG: no chart library for one line.
 */
import { t } from '../i18n/index.ts';

export interface ProfilePoint {
  distance_m: number;
  height_m: number | null;
}

const SVG = 'http://www.w3.org/2000/svg';
const W = 320;
const H = 120;
const PAD = 4;

function svg<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** The profile as a figure; it says so when no point of the line has a height. */
export function profileFigure(points: ProfilePoint[], lengthM: number): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'terrain-profile';
  const caption = document.createElement('figcaption');
  const known = points.filter((p) => p.height_m !== null) as { distance_m: number; height_m: number }[];
  if (known.length === 0) {
    caption.textContent = t('measure.profileNone');
    figure.append(caption);
    return figure;
  }
  const heights = known.map((p) => p.height_m);
  const high = Math.max(...heights);
  const low = Math.min(...heights);
  const span = Math.max(1, high - Math.min(0, low));
  const base = Math.min(0, low);
  const x = (d: number) => PAD + (d / Math.max(1, lengthM)) * (W - 2 * PAD);
  const y = (h: number) => H - PAD - ((h - base) / span) * (H - 2 * PAD);
  const line = known.map((p) => `${x(p.distance_m).toFixed(1)},${y(p.height_m).toFixed(1)}`);
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img' });
  chart.setAttribute('aria-label', t('measure.profile'));
  const first = known[0].distance_m;
  const last = known[known.length - 1].distance_m;
  chart.append(
    svg('polygon', {
      points: `${x(first).toFixed(1)},${H - PAD} ${line.join(' ')} ${x(last).toFixed(1)},${H - PAD}`,
      fill: 'rgba(120, 98, 64, 0.35)',
      stroke: 'none',
    }),
    svg('polyline', { points: line.join(' '), fill: 'none', stroke: '#5b4a2f', 'stroke-width': 1.5 }),
  );
  const km = lengthM > 1000 ? `${(lengthM / 1000).toFixed(2)} km` : `${Math.round(lengthM)} m`;
  caption.textContent = `${t('measure.profile')} ${km} · ${t('measure.profileHigh')} ${Math.round(high)} m · ${t('measure.profileLow')} ${Math.round(low)} m`;
  figure.dataset.points = String(points.length);
  figure.append(chart, caption);
  return figure;
}
