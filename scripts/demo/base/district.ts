/**
 * The district outline and its township partition. Townships are Voronoi cells of their seats
 * clipped to the outline: that partitions the district exactly (no gaps, no overlaps) and puts the
 * small urban streets in the south-east where the seeds are dense, the large mountain towns north.
 */
import * as turf from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { OUTLINE, TOWNSHIPS, type TownshipSpec } from '../geography.ts';
import { type Area, areaKm2, finishArea, inside, intersection, offset, unionOf } from '../geometry.ts';
import { type Random, stream } from '../random.ts';

export interface Township extends TownshipSpec {
  area: Area;
  areaKm2: number;
}

export interface District {
  outline: Polygon;
  areaKm2: number;
  townships: Township[];
}

/** Adds a midpoint nudged sideways to every edge, so the border looks surveyed rather than ruled. */
function roughen(vertices: readonly Position[], rng: Random): Position[] {
  const out: Position[] = [];
  vertices.forEach((a, i) => {
    const b = vertices[(i + 1) % vertices.length];
    const mid: Position = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const eastM = (b[0] - a[0]) * 100000;
    const northM = (b[1] - a[1]) * 111000;
    // At most a tenth of the edge sideways: enough to break straight lines, too little for spikes.
    const nudge = rng.between(-0.1, 0.1);
    out.push(a, offset(mid, -northM * nudge, eastM * nudge));
  });
  return out;
}

function buildOutline(): Polygon {
  const ring = roughen(OUTLINE, stream('outline'));
  const outline = finishArea({ type: 'Polygon', coordinates: [[...ring, ring[0]]] }, 'district outline');
  if (outline.type !== 'Polygon') throw new Error('district outline must be one polygon');
  return outline;
}

/**
 * Where the roughened border bulges across a Voronoi edge, a cell can pick up a crumb detached from
 * its body. A township in two pieces for no geographic reason looks wrong, so each crumb is handed to
 * the neighbour it touches.
 */
function absorbFragments(areas: Area[], seeds: Position[]): Area[] {
  const result = [...areas];
  areas.forEach((area, i) => {
    if (area.type !== 'MultiPolygon') return;
    const body = area.coordinates.find((part) => inside(seeds[i], { type: 'Polygon', coordinates: part }));
    if (!body) throw new Error('township seed outside its own cell');
    result[i] = { type: 'Polygon', coordinates: body };
    for (const part of area.coordinates.filter((p) => p !== body)) {
      const crumb: Polygon = { type: 'Polygon', coordinates: part };
      const j = result.findIndex((other, k) => k !== i && turf.booleanIntersects(other, crumb));
      if (j < 0) throw new Error('detached township fragment touches no neighbour');
      const merged = unionOf([result[j], crumb]);
      if (merged) result[j] = merged;
    }
  });
  return result;
}

function partition(outline: Polygon): Township[] {
  const seeds = turf.featureCollection(TOWNSHIPS.map((t) => turf.point(t.seed)));
  const [minX, minY, maxX, maxY] = turf.bbox(outline);
  const cells = turf.voronoi(seeds, { bbox: [minX - 0.1, minY - 0.1, maxX + 0.1, maxY + 0.1] });
  const clipped = TOWNSHIPS.map((spec, i) => {
    const cell = intersection(cells.features[i].geometry, outline);
    if (!cell) throw new Error(`${spec.name}: empty township`);
    return cell;
  });
  const whole = absorbFragments(
    clipped,
    TOWNSHIPS.map((t) => t.seed),
  );
  return TOWNSHIPS.map((spec, i) => {
    const area = finishArea(whole[i], spec.name);
    return { ...spec, area, areaKm2: areaKm2(area) };
  });
}

/**
 * The stored district is the union of the stored townships: rounding moves the points where township
 * borders meet the outline by a few centimetres, and taking the union keeps the two layers identical
 * at the edge instead of leaving slivers between them.
 */
export function buildDistrict(): District {
  const townships = partition(buildOutline());
  const merged = unionOf(townships.map((t) => t.area));
  if (!merged) throw new Error('no townships');
  const outline = finishArea(merged, 'district');
  if (outline.type !== 'Polygon') throw new Error('townships do not join into one district');
  return { outline, areaKm2: areaKm2(outline), townships };
}

/** The township a point falls in, for addresses and responsible units. */
export function townshipAt(point: Position, district: District): Township | undefined {
  return district.townships.find((t) => inside(point, t.area));
}
