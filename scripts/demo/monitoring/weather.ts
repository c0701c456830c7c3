/**
 * Thirty weather, rain and hydrological stations: spread evenly over the district (farthest-point
 * sampling) so the density indicator reads about 3.9 per 100 km², short of the 5 the target asks,
 * with the hydrological stations on the 木兰溪.
 */
import * as turf from '@turf/turf';
import type { Feature } from 'geojson';
import { type District, townshipAt } from '../base/district.ts';
import { LayerOutput } from '../feature.ts';
import { elevationAt, RIVER, shortName } from '../geography.ts';
import { distanceM, type LonLat, randomPointIn, roundPoint } from '../geometry.ts';
import { phone } from '../names.ts';
import { type Random, stream } from '../random.ts';

type Kind = 'automatic' | 'rain_gauge' | 'hydrological';

const OPERATORS: Record<Kind, string> = {
  automatic: '涵江区气象局',
  rain_gauge: '涵江区水利局',
  hydrological: '莆田市水文中心',
};

/** Each new station goes where it is farthest from the ones already placed, so none cluster. */
function spreadPoints(district: District, count: number, taken: LonLat[], rng: Random): LonLat[] {
  const candidates = Array.from({ length: 600 }, () => randomPointIn(district.outline, rng));
  const placed = [...taken];
  const out: LonLat[] = [];
  while (out.length < count) {
    const best = candidates.reduce((a, b) =>
      Math.min(...placed.map((p) => distanceM(p, a))) >= Math.min(...placed.map((p) => distanceM(p, b))) ? a : b,
    );
    out.push(best);
    placed.push(best);
  }
  return out;
}

function riverGauges(): LonLat[] {
  const river = turf.lineString(RIVER);
  const length = turf.length(river);
  return [0.15, 0.5, 0.85].map((f) => roundPoint(turf.along(river, length * f).geometry.coordinates));
}

function serialIn(counters: Map<string, number>, key: string): number {
  const next = (counters.get(key) ?? 0) + 1;
  counters.set(key, next);
  return next;
}

export function weatherLayer(district: District): Feature[] {
  const rng = stream('weather');
  const gauges = riverGauges();
  const others = spreadPoints(district, 27, gauges, rng);
  const stations: { point: LonLat; kind: Kind }[] = [
    ...gauges.map((point) => ({ point, kind: 'hydrological' as const })),
    ...others.map((point, i) => ({ point, kind: i % 5 < 2 ? ('automatic' as const) : ('rain_gauge' as const) })),
  ];
  const out = new LayerOutput('weather_stations');
  const serial = new Map<string, number>();
  for (const s of stations) {
    const township = townshipAt(s.point, district);
    const place = township ? township.name : '涵江区';
    // Hydrological stations are known by their river reach, the others by town and number.
    const name =
      s.kind === 'hydrological'
        ? `木兰溪${shortName(place)}水文站`
        : `${place}${serialIn(serial, place + s.kind)}号${s.kind === 'automatic' ? '自动气象站' : '雨量站'}`;
    out.add(
      name,
      { type: 'Point', coordinates: s.point },
      {
        kind: s.kind,
        operator: OPERATORS[s.kind],
        elevation_m: elevationAt(s.point),
        phone: phone(rng),
        status: 'existing',
      },
    );
  }
  return out.features;
}
