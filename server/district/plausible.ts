import { area, bbox, booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import type { BBox } from '../store/index.ts';
import { refuse, type Words } from './errors.ts';

/**
 * What no district boundary can be, whatever its file says: one that crosses the antimeridian (a
 * ring jumping half the globe is a file written for another map), one larger than China, or one
 * nowhere near it (a district code is China's, and a boundary wholly outside China's box is a file
 * of somewhere else or coordinates read in the wrong system). Each means a wrong coordinate system
 * or a wrong file, and storing it would put every analysis and the map's extent somewhere absurd.
 * Lesser doubts (partly outside China, townships outside the district) are warnings: the user may
 * know better.
 */

/** China's land area, about 9.6 million km². */
const CHINA_KM2 = 9_600_000;
const CHINA_BOX: BBox = [73, 3, 136, 54];

function rings(geometry: Polygon | MultiPolygon): number[][][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

export interface BoundaryFigures {
  areaKm2: number;
  extent: BBox;
  warnings: Words[];
}

export function checkBoundary(geometry: Polygon | MultiPolygon): BoundaryFigures {
  for (const ring of rings(geometry)) {
    for (let i = 1; i < ring.length; i++) {
      if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) {
        refuse(
          'boundary',
          '边界跨越 180° 经线,不可能是一个区县:请检查坐标系',
          'the boundary crosses the antimeridian, which no district does: check its coordinate system',
        );
      }
    }
  }
  const areaKm2 = area(geometry) / 1e6;
  if (areaKm2 > CHINA_KM2) {
    const km2 = Math.round(areaKm2).toLocaleString('en');
    refuse(
      'boundary',
      `边界面积 ${km2} km²,大于全国面积:请检查坐标系或文件`,
      `the boundary covers ${km2} km², more than China: check its coordinate system or the file`,
    );
  }
  const extent = bbox(geometry) as BBox;
  const nowhereNear =
    extent[2] < CHINA_BOX[0] || extent[0] > CHINA_BOX[2] || extent[3] < CHINA_BOX[1] || extent[1] > CHINA_BOX[3];
  if (nowhereNear) {
    const box = extent.map((v) => v.toFixed(2)).join(', ');
    refuse(
      'boundary',
      `边界(${box})完全在中国以外:请检查坐标系或文件`,
      `the boundary (${box}) lies wholly outside China: check its coordinate system or the file`,
    );
  }
  const warnings: Words[] = [];
  const inChina =
    extent[0] >= CHINA_BOX[0] && extent[1] >= CHINA_BOX[1] && extent[2] <= CHINA_BOX[2] && extent[3] <= CHINA_BOX[3];
  if (!inChina) {
    warnings.push({
      zh: '边界不在中国境内:请确认坐标系',
      en: 'the boundary lies outside China: make sure of its coordinate system',
    });
  }
  return { areaKm2, extent, warnings };
}

/** How many of the areas have their inside point outside the district's polygon. */
export function outsideDistrict(areas: Geometry[], district: Polygon | MultiPolygon): number {
  return areas.filter((g) => !booleanPointInPolygon(pointOnFeature(g), district)).length;
}
