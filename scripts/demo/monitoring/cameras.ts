/**
 * The plan's ten forest-fire video points: six built (meant to watch about 30% of the forest and key
 * areas, the 2023 target) and four planned (about 50% with them, the 2025 target). Sited by hand on
 * the northern ridges and tuned against the coverage measured in ../measure.ts.
 */
import type { Feature, Polygon } from 'geojson';
import { LayerOutput } from '../feature.ts';
import { type LonLat, roundPoint, viewArea } from '../geometry.ts';

export interface Camera {
  name: string;
  point: LonLat;
  kind: 'visible' | 'thermal_dual';
  status: 'existing' | 'planned';
  rangeM: number;
  headingDeg: number;
  /** 360 for a pan-tilt dome. */
  fovDeg: number;
  mastM: number;
}

export const CAMERAS: Camera[] = [
  {
    name: '大洋乡瑞云山森林防火监控点',
    point: [119.075, 25.712],
    kind: 'thermal_dual',
    status: 'existing',
    rangeM: 4000,
    headingDeg: 0,
    fovDeg: 360,
    mastM: 30,
  },
  {
    name: '新县镇外坑林场森林防火监控点',
    point: [118.912, 25.705],
    kind: 'thermal_dual',
    status: 'existing',
    rangeM: 5000,
    headingDeg: 180,
    fovDeg: 120,
    mastM: 25,
  },
  {
    name: '庄边镇凤岭森林防火监控点',
    point: [118.99, 25.722],
    kind: 'visible',
    status: 'existing',
    rangeM: 3500,
    headingDeg: 0,
    fovDeg: 360,
    mastM: 20,
  },
  {
    name: '萩芦镇梯云山森林防火监控点',
    point: [119.112, 25.632],
    kind: 'visible',
    status: 'existing',
    rangeM: 5000,
    headingDeg: 270,
    fovDeg: 120,
    mastM: 18,
  },
  {
    name: '白沙镇坪盘森林防火监控点',
    point: [118.97, 25.6],
    kind: 'visible',
    status: 'existing',
    rangeM: 5000,
    headingDeg: 0,
    fovDeg: 90,
    mastM: 15,
  },
  {
    name: '萩芦镇溪口森林防火监控点',
    point: [119.05, 25.6],
    kind: 'visible',
    status: 'existing',
    rangeM: 4500,
    headingDeg: 30,
    fovDeg: 100,
    mastM: 12,
  },
  {
    name: '新县镇西山森林防火监控点',
    point: [118.905, 25.66],
    kind: 'thermal_dual',
    status: 'planned',
    rangeM: 4500,
    headingDeg: 0,
    fovDeg: 360,
    mastM: 35,
  },
  {
    name: '白沙镇西岭森林防火监控点',
    point: [118.93, 25.6],
    kind: 'thermal_dual',
    status: 'planned',
    rangeM: 6000,
    headingDeg: 40,
    fovDeg: 150,
    mastM: 25,
  },
  {
    name: '大洋乡东峰森林防火监控点',
    point: [119.11, 25.69],
    kind: 'thermal_dual',
    status: 'planned',
    rangeM: 6000,
    headingDeg: 250,
    fovDeg: 160,
    mastM: 25,
  },
  {
    name: '囊山森林防火监控点',
    point: [119.158, 25.548],
    kind: 'visible',
    status: 'planned',
    rangeM: 4000,
    headingDeg: 0,
    fovDeg: 360,
    mastM: 20,
  },
];

export function cameraView(c: Camera): Polygon {
  return viewArea(c.point, c.rangeM, c.headingDeg, c.fovDeg);
}

export function camerasLayer(): Feature[] {
  const out = new LayerOutput('cameras');
  for (const c of CAMERAS) {
    out.add(
      c.name,
      { type: 'Point', coordinates: roundPoint(c.point) },
      {
        kind: c.kind,
        status: c.status,
        mast_height_m: c.mastM,
        range_m: c.rangeM,
        heading_deg: c.headingDeg,
        fov_deg: c.fovDeg,
      },
    );
  }
  return out.features;
}
