import type { Geometry, Position } from 'geojson';
import type { PagePoint } from './mercator.ts';

type Project = (position: Position) => PagePoint;

/** The rings of a polygon or multipolygon on the page, to be filled together. */
export function areaRings(geometry: Geometry, project: Project): PagePoint[][] {
  if (geometry.type === 'Polygon') return geometry.coordinates.map((ring) => ring.map(project));
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat().map((ring) => ring.map(project));
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap((g) => areaRings(g, project));
  return [];
}

/** The positions of a point or multipoint on the page. */
export function pointsOf(geometry: Geometry, project: Project): PagePoint[] {
  if (geometry.type === 'Point') return [project(geometry.coordinates)];
  if (geometry.type === 'MultiPoint') return geometry.coordinates.map(project);
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap((g) => pointsOf(g, project));
  return [];
}

/** A regular polygon standing in for a circle: both painters draw paths alike. */
export function circle([x, y]: PagePoint, radius: number, sides = 24): PagePoint[] {
  return Array.from({ length: sides }, (_, i) => {
    const angle = (2 * Math.PI * i) / sides;
    return [x + radius * Math.cos(angle), y + radius * Math.sin(angle)];
  });
}
