/**
 * Material depots: two district depots at the seat holding hundreds of tents, one per township,
 * and about twenty village points with a few items. Stock rows are what the nearest-resource query
 * filters on ("which depots hold 500 tents?"), so the quantities scale with the depot's level.
 */
import type { Feature } from 'geojson';
import { type District, townshipAt } from '../base/district.ts';
import type { Village } from '../base/population.ts';
import { AS_OF, addDays } from '../dates.ts';
import { LayerOutput } from '../feature.ts';
import { SEAT, shortName } from '../geography.ts';
import { type LonLat, nearIn } from '../geometry.ts';
import { personName, phone } from '../names.ts';
import { type Random, stream } from '../random.ts';

type Level = 'district' | 'township' | 'village';
type Owner = 'government' | 'enterprise' | 'agreement' | 'social';
type Mode = 'physical' | 'agreement' | 'capacity';

interface StockRow {
  item: string;
  quantity: number;
  unit: string;
  expires_on: string | null;
}

interface Item {
  item: string;
  unit: string;
  /** Quantity ranges at district, township and village depots; [0, 0] means not held there. */
  district: [number, number];
  township: [number, number];
  village: [number, number];
  /** Shelf life in days, for food and water. */
  shelfLife?: [number, number];
}

const ITEMS: Item[] = [
  { item: '帐篷', unit: '顶', district: [300, 600], township: [20, 80], village: [2, 10] },
  { item: '棉被', unit: '床', district: [1500, 3000], township: [100, 300], village: [10, 40] },
  { item: '折叠床', unit: '张', district: [400, 900], township: [30, 100], village: [0, 0] },
  { item: '救生衣', unit: '件', district: [400, 800], township: [50, 150], village: [5, 30] },
  { item: '冲锋舟', unit: '艘', district: [6, 12], township: [1, 3], village: [0, 0] },
  { item: '抽水泵', unit: '台', district: [15, 30], township: [2, 6], village: [0, 0] },
  { item: '编织袋', unit: '条', district: [30000, 60000], township: [2000, 8000], village: [200, 1000] },
  { item: '发电机', unit: '台', district: [8, 16], township: [1, 3], village: [0, 0] },
  { item: '方便食品', unit: '箱', district: [600, 1200], township: [50, 200], village: [5, 30], shelfLife: [60, 700] },
  { item: '饮用水', unit: '箱', district: [800, 1500], township: [80, 300], village: [10, 40], shelfLife: [120, 540] },
  { item: '应急照明灯', unit: '个', district: [300, 600], township: [30, 100], village: [5, 20] },
  { item: '雨衣', unit: '件', district: [800, 1500], township: [100, 300], village: [10, 50] },
  { item: '铁锹', unit: '把', district: [500, 1000], township: [60, 200], village: [10, 40] },
];

/** Living supplies an agreement partner (a supermarket, a factory) keeps ready for the bureau. */
const AGREEMENT_ITEMS = ['棉被', '方便食品', '饮用水', '帐篷', '雨衣'];

/** Food and water expire; a few village rows are already past date, which a stock check should catch. */
function expiry(item: Item, level: Level, rng: Random): string | null {
  if (!item.shelfLife) return null;
  if (level === 'village' && rng.chance(0.2)) return addDays(AS_OF, -rng.int(10, 120));
  return addDays(AS_OF, rng.int(...item.shelfLife));
}

function stockFor(level: Level, mode: Mode, rng: Random, mountain: boolean): StockRow[] {
  let items = ITEMS.filter((i) => i[level][1] > 0);
  // Boats are for the plain; a mountain town keeps none.
  if (mountain) items = items.filter((i) => i.item !== '冲锋舟');
  if (mode !== 'physical') items = items.filter((i) => AGREEMENT_ITEMS.includes(i.item));
  if (level === 'village') items = rng.sample(items, rng.int(3, 6));
  return items.map((i) => ({
    item: i.item,
    quantity: rng.int(...i[level]),
    unit: i.unit,
    expires_on: expiry(i, level, rng),
  }));
}

interface DepotSpec {
  name: string;
  level: Level;
  owner: Owner;
  mode: Mode;
  point: LonLat;
  address: string;
  mountain: boolean;
}

function districtDepots(district: District, rng: Random): DepotSpec[] {
  const specs: [string, Owner, Mode, LonLat][] = [
    ['涵江区应急物资储备库', 'government', 'physical', SEAT],
    ['涵江区生活物资协议储备库', 'agreement', 'agreement', district.townships[5].seed],
  ];
  return specs.map(([name, owner, mode, anchor]) => {
    const point = nearIn(anchor, district.outline, rng, 500, 2500);
    return {
      name,
      level: 'district',
      owner,
      mode,
      point,
      address: `莆田市涵江区${townshipAt(point, district)?.name ?? ''}`,
      mountain: false,
    };
  });
}

/** One per township at its seat; 商城 buys its stock by agreement and 赤港's is held by a local firm. */
function townshipDepots(district: District, villages: Village[], rng: Random): DepotSpec[] {
  return district.townships.map((t) => {
    const seat = villages.find((v) => v.isSeat && v.township === t) as Village;
    const [owner, mode]: [Owner, Mode] =
      t.name === '涵江商城管委会'
        ? ['agreement', 'agreement']
        : t.name.startsWith('赤港')
          ? ['enterprise', 'physical']
          : ['government', 'physical'];
    return {
      name: `${shortName(t.name)}应急物资储备点`,
      level: 'township',
      owner,
      mode,
      point: nearIn(seat.point, t.area, rng, 100, 800),
      address: `莆田市涵江区${t.name}${seat.name}`,
      mountain: t.terrain === 'mountain',
    };
  });
}

/** Village points mostly up in the mountains and by the river, where help takes longest to arrive. */
function villageDepots(district: District, villages: Village[], rng: Random): DepotSpec[] {
  const candidates = villages.filter((v) => !v.isSeat);
  const picked = rng.sample(
    candidates.filter((v) => v.township.terrain !== 'urban'),
    20,
  );
  return picked.map((v, i) => {
    const [owner, mode]: [Owner, Mode] =
      i < 14 ? ['government', 'physical'] : i < 18 ? ['social', 'physical'] : ['enterprise', 'capacity'];
    return {
      name: `${v.name}应急物资储备点`,
      level: 'village',
      owner,
      mode,
      point: nearIn(v.point, district.outline, rng, 30, 300),
      address: `莆田市涵江区${v.township.name}${v.name}`,
      mountain: v.township.terrain === 'mountain',
    };
  });
}

function floorArea(level: Level, rng: Random): number {
  const [low, high] = level === 'district' ? [1800, 3500] : level === 'township' ? [150, 600] : [20, 120];
  return rng.int(low, high);
}

export function depotsLayer(district: District, villages: Village[]): Feature[] {
  const rng = stream('depots');
  const specs = [
    ...districtDepots(district, rng),
    ...townshipDepots(district, villages, rng),
    ...villageDepots(district, villages, rng),
  ];
  const out = new LayerOutput('depots');
  for (const d of specs) {
    out.add(
      d.name,
      { type: 'Point', coordinates: d.point },
      {
        level: d.level,
        status: 'existing',
        owner: d.owner,
        reserve_mode: d.mode,
        area_m2: floorArea(d.level, rng),
        address: d.address,
        manager: personName(rng),
        phone: phone(rng),
      },
      { stock: stockFor(d.level, d.mode, rng, d.mountain) },
    );
  }
  return out.features;
}
