/**
 * The demo district's hand-drawn geography: outline, river, coast and townships. Coordinates are
 * approximate and the shapes invented (演示数据); they only have to look plausible for 涵江区 —
 * mountains in the north, the 木兰溪 plain and the 兴化湾 coast in the south-east.
 */
import type { LonLat } from './geometry.ts';

export const DISTRICT = { name: '涵江区', code: '350303' };

/** Clockwise from the western tip; the generator adds a jittered midpoint to every edge. */
export const OUTLINE: LonLat[] = [
  [118.876, 25.652],
  [118.88, 25.69],
  [118.894, 25.718],
  [118.914, 25.741],
  [118.946, 25.754],
  [118.985, 25.75],
  [119.02, 25.756],
  [119.058, 25.742],
  [119.092, 25.726],
  [119.116, 25.706],
  [119.134, 25.684],
  [119.146, 25.66],
  [119.144, 25.632],
  [119.155, 25.606],
  [119.17, 25.582],
  [119.188, 25.558],
  [119.206, 25.534],
  [119.222, 25.51],
  [119.228, 25.486],
  [119.212, 25.466],
  [119.196, 25.45],
  [119.182, 25.43],
  [119.166, 25.412],
  [119.146, 25.402],
  [119.124, 25.399],
  [119.101, 25.405],
  [119.08, 25.414],
  [119.068, 25.426],
  [119.06, 25.442],
  [119.057, 25.462],
  [119.063, 25.484],
  [119.05, 25.509],
  [119.02, 25.528],
  [118.986, 25.546],
  [118.956, 25.563],
  [118.928, 25.582],
  [118.902, 25.604],
  [118.884, 25.628],
];

/** Indices into OUTLINE of the stretch that faces 兴化湾 (storm-surge exposure). */
export const COAST_FROM = 15;
export const COAST_TO = 23;

/** 木兰溪, kept about a kilometre inside the southern boundary so its embankments stay in the district. */
export const RIVER: LonLat[] = [
  [119.07, 25.444],
  [119.083, 25.431],
  [119.1, 25.422],
  [119.122, 25.416],
  [119.144, 25.417],
  [119.162, 25.425],
  [119.176, 25.437],
];

export const SEAT: LonLat = [119.12, 25.46];

export type Terrain = 'urban' | 'plain' | 'mountain';

export interface TownshipSpec {
  name: string;
  code: string;
  terrain: Terrain;
  /** Voronoi seed: roughly where the township's seat is. */
  seed: LonLat;
  residents: number;
  villages: number;
}

/** Codes follow the national pattern: 0xx streets, 1xx towns, 2xx townships, 4xx other committees. */
export const TOWNSHIPS: TownshipSpec[] = [
  { name: '涵东街道', code: '350303001', terrain: 'urban', seed: [119.128, 25.462], residents: 60000, villages: 15 },
  { name: '涵西街道', code: '350303002', terrain: 'urban', seed: [119.104, 25.458], residents: 55000, villages: 14 },
  { name: '三江口镇', code: '350303100', terrain: 'plain', seed: [119.135, 25.425], residents: 45000, villages: 18 },
  { name: '白塘镇', code: '350303101', terrain: 'plain', seed: [119.09, 25.432], residents: 40000, villages: 18 },
  { name: '国欢镇', code: '350303102', terrain: 'plain', seed: [119.08, 25.47], residents: 35000, villages: 14 },
  { name: '梧塘镇', code: '350303103', terrain: 'plain', seed: [119.098, 25.5], residents: 45000, villages: 16 },
  { name: '江口镇', code: '350303104', terrain: 'plain', seed: [119.18, 25.505], residents: 60000, villages: 22 },
  { name: '萩芦镇', code: '350303105', terrain: 'mountain', seed: [119.09, 25.585], residents: 30000, villages: 22 },
  { name: '白沙镇', code: '350303106', terrain: 'mountain', seed: [118.985, 25.6], residents: 28000, villages: 25 },
  { name: '庄边镇', code: '350303107', terrain: 'mountain', seed: [118.99, 25.69], residents: 18000, villages: 24 },
  { name: '新县镇', code: '350303108', terrain: 'mountain', seed: [118.915, 25.68], residents: 12000, villages: 26 },
  { name: '大洋乡', code: '350303200', terrain: 'mountain', seed: [119.07, 25.69], residents: 12000, villages: 24 },
  {
    name: '涵江商城管委会',
    code: '350303400',
    terrain: 'urban',
    seed: [119.152, 25.47],
    residents: 15000,
    villages: 6,
  },
  {
    name: '赤港华侨经济开发区',
    code: '350303401',
    terrain: 'plain',
    seed: [119.18, 25.445],
    residents: 15000,
    villages: 6,
  },
];

/** A township's name without its 镇/乡/街道 suffix, for facility names like 萩芦中心小学. */
export function shortName(township: string): string {
  return township.replace(/(街道|镇|乡|管委会|华侨经济开发区)$/, '');
}

/** The made-up ground height lives beside the server's demo DEM, which follows it. */
export { elevationAt } from '../../catalog/demo-terrain.ts';
