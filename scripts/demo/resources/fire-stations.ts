/**
 * Fire stations: full-time stations in town, government stations in the outlying towns — the two the
 * plan adds at 白塘镇 and 白沙镇 (10 staff each) are still `planned` so a what-if can show what they add
 * to the 5-minute area — and micro stations in communities and the industrial parks.
 */
import type { Feature } from 'geojson';
import type { District } from '../base/district.ts';
import type { Landscape } from '../base/forest-areas.ts';
import { LayerOutput } from '../feature.ts';
import { type LonLat, nearIn, randomPointIn } from '../geometry.ts';
import { phone } from '../names.ts';
import { stream } from '../random.ts';

type Kind = 'full_time' | 'government' | 'micro';

interface StationSpec {
  name: string;
  kind: Kind;
  township: string;
  /** Micro stations of the industrial parks stand inside their park. */
  park?: string;
  staff: number;
  vehicles: number;
  planned?: boolean;
}

const STATIONS: StationSpec[] = [
  { name: '涵江消防救援站', kind: 'full_time', township: '涵东街道', staff: 42, vehicles: 8 },
  { name: '涵江特勤消防救援站', kind: 'full_time', township: '涵江商城管委会', staff: 45, vehicles: 10 },
  { name: '江口消防救援站', kind: 'full_time', township: '江口镇', staff: 30, vehicles: 6 },
  { name: '白塘镇政府专职消防队', kind: 'government', township: '白塘镇', staff: 10, vehicles: 2, planned: true },
  { name: '白沙镇政府专职消防队', kind: 'government', township: '白沙镇', staff: 10, vehicles: 2, planned: true },
  { name: '三江口镇政府专职消防队', kind: 'government', township: '三江口镇', staff: 12, vehicles: 2 },
  { name: '萩芦镇政府专职消防队', kind: 'government', township: '萩芦镇', staff: 8, vehicles: 2 },
  { name: '庄边镇政府专职消防队', kind: 'government', township: '庄边镇', staff: 8, vehicles: 2 },
  { name: '新县镇政府专职消防队', kind: 'government', township: '新县镇', staff: 6, vehicles: 1 },
  { name: '国欢镇微型消防站', kind: 'micro', township: '国欢镇', staff: 6, vehicles: 1 },
  { name: '梧塘镇微型消防站', kind: 'micro', township: '梧塘镇', staff: 6, vehicles: 1 },
  { name: '大洋乡微型消防站', kind: 'micro', township: '大洋乡', staff: 4, vehicles: 1 },
  { name: '涵西街道微型消防站', kind: 'micro', township: '涵西街道', staff: 5, vehicles: 1 },
  { name: '赤港微型消防站', kind: 'micro', township: '赤港华侨经济开发区', staff: 5, vehicles: 1 },
  {
    name: '江口临港工业园区微型消防站',
    kind: 'micro',
    township: '江口镇',
    park: '江口临港工业园区',
    staff: 6,
    vehicles: 1,
  },
  { name: '梧塘工业园区微型消防站', kind: 'micro', township: '梧塘镇', park: '梧塘工业园区', staff: 5, vehicles: 1 },
  { name: '白沙镇坪盘村微型消防站', kind: 'micro', township: '白沙镇', staff: 3, vehicles: 0, planned: true },
];

export function fireStationsLayer(district: District, landscape: Landscape): Feature[] {
  const rng = stream('fire-stations');
  const out = new LayerOutput('fire_stations');
  for (const s of STATIONS) {
    const township = district.townships.find((t) => t.name === s.township);
    if (!township) throw new Error(`${s.name}: unknown township ${s.township}`);
    const park = landscape.parks.find((p) => p.name === s.park);
    // Stations stand at the edge of the town centre, on the main road out.
    const point: LonLat = park
      ? randomPointIn(park.area, rng)
      : nearIn(township.seed, township.area, rng, 200, s.kind === 'micro' ? 2500 : 1200);
    out.add(
      s.name,
      { type: 'Point', coordinates: point },
      {
        kind: s.kind,
        status: s.planned ? 'planned' : 'existing',
        staff: s.staff,
        vehicles: s.vehicles,
        phone: phone(rng),
      },
    );
  }
  return out.features;
}
