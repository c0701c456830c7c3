/**
 * About 400 warning broadcast terminals, mostly village loudspeakers. Coverage (residents within a
 * terminal's range) is tuned to land just under the plan's 90%: a set of villages, mostly small and
 * remote, is left out of reach, and the planned terminals are what would close that gap.
 */
import type { Feature } from 'geojson';
import type { District } from '../base/district.ts';
import type { Village } from '../base/population.ts';
import { LayerOutput } from '../feature.ts';
import { distanceM, type LonLat, nearIn } from '../geometry.ts';
import type { Reach } from '../measure.ts';
import { type Random, stream } from '../random.ts';

type Kind = 'loudspeaker' | 'siren' | 'screen';

export interface Terminal extends Reach {
  name: string;
  kind: Kind;
  status: 'existing' | 'planned';
}

/** Share of residents deliberately left out of reach of existing terminals. */
const UNCOVERED_SHARE = 0.12;
const EXISTING_TERMINALS = 380;
const PLANNED_TERMINALS = 20;

/** Small and mountain villages are the ones still waiting for a loudspeaker. */
function pickUncovered(villages: Village[], rng: Random): Set<Village> {
  const total = villages.reduce((sum, v) => sum + v.residents, 0);
  const candidates = rng.shuffle(villages.filter((v) => !v.isSeat && v.residents < 4000));
  const out = new Set<Village>();
  let left = 0;
  for (const v of candidates.sort(
    (a, b) => Number(b.township.terrain === 'mountain') - Number(a.township.terrain === 'mountain'),
  )) {
    if (left + v.residents > total * UNCOVERED_SHARE) continue;
    out.add(v);
    left += v.residents;
  }
  return out;
}

/** Terminals per village, proportional to residents, scaled so the total comes to the target. */
function terminalCounts(villages: Village[], target: number): Map<Village, number> {
  const total = villages.reduce((sum, v) => sum + v.residents, 0);
  let perTerminal = total / target;
  for (;;) {
    const counts = new Map(villages.map((v) => [v, Math.max(1, Math.round(v.residents / perTerminal))]));
    const sum = [...counts.values()].reduce((a, b) => a + b, 0);
    if (sum <= target) return counts;
    perTerminal *= 1.02;
  }
}

function kindAndRange(rng: Random): { kind: Kind; rangeM: number } {
  const kind = rng.weighted(
    ['loudspeaker', 'siren', 'screen'] as Kind[],
    (k) => ({ loudspeaker: 85, siren: 8, screen: 7 })[k],
  );
  const [low, high] = kind === 'siren' ? [500, 600] : kind === 'screen' ? [300, 350] : [300, 500];
  return { kind, rangeM: rng.int(low / 10, high / 10) * 10 };
}

export function placeTerminals(district: District, villages: Village[]): Terminal[] {
  const rng = stream('broadcast');
  const uncovered = pickUncovered(villages, rng);
  const covered = villages.filter((v) => !uncovered.has(v));
  const counts = terminalCounts(covered, EXISTING_TERMINALS);
  // Nothing existing may reach a village that is meant to be out of reach.
  const clearOfGaps = (rangeM: number) => (p: LonLat) =>
    [...uncovered].every((u) => distanceM(p, u.point) > rangeM + 20);
  const terminals: Terminal[] = [];
  for (const village of covered) {
    const count = counts.get(village) ?? 1;
    for (let i = 0; i < count && terminals.length < EXISTING_TERMINALS; i++) {
      const { kind, rangeM } = kindAndRange(rng);
      // The first terminal stands in the village centre; the rest spread over its hamlets.
      const [minM, maxM] = i === 0 ? [0, Math.min(150, rangeM - 50)] : [150, 900];
      const point = nearIn(village.point, district.outline, rng, minM, maxM, clearOfGaps(rangeM), 5000);
      terminals.push({ name: `${village.name}${i + 1}号应急广播`, kind, status: 'existing', point, rangeM });
    }
  }
  const waiting = rng.sample(
    [...uncovered].sort((a, b) => b.residents - a.residents),
    Math.min(PLANNED_TERMINALS, uncovered.size),
  );
  for (const village of waiting) {
    const point = nearIn(village.point, district.outline, rng, 0, 150);
    terminals.push({
      name: `${village.name}应急广播(规划)`,
      kind: 'loudspeaker',
      status: 'planned',
      point,
      rangeM: 400,
    });
  }
  return terminals;
}

export function broadcastLayer(terminals: Terminal[]): Feature[] {
  const out = new LayerOutput('broadcast_terminals');
  for (const t of terminals) {
    out.add(t.name, { type: 'Point', coordinates: t.point }, { kind: t.kind, status: t.status, range_m: t.rangeM });
  }
  return out.features;
}
