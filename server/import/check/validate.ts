import { coordAll } from '@turf/turf';
import type { Geometry } from 'geojson';
import { featureSchema } from '../../layers/feature-schema.ts';
import type { LayerDef } from '../../layers/registry.ts';
import type { BBox, Store } from '../../store/index.ts';
import type { Mapping } from '../map/mapping.ts';
import { option } from '../options.ts';
import { DISTRICT_MARGIN_DEG, inDistrict } from '../place/placement.ts';
import type { RowProblem } from '../report.ts';
import { both, type Said } from '../said.ts';
import { turnEvery } from '../turns.ts';
import type { Candidate } from './candidates.ts';

/**
 * The editing API's checks, row by row, so each problem is named by the row and column the user
 * sees: the layer's schema (the same zod schema a POST passes), PostGIS validity, the district's
 * extent; and what only an import can get wrong, the same external id on two rows.
 */

export interface ValidationOptions {
  allowOutsideDistrict: boolean;
  district: BBox | null;
  /** How the report names a row's coordinates. */
  coordinateColumn: string;
  unit: 'row' | 'feature';
}

function columnFor(path: PropertyKey[], mapping: Mapping, coordinateColumn: string): string {
  if (path[0] === 'geometry') return coordinateColumn;
  const field = String(path[1] ?? '');
  return mapping.fields.get(field) ?? field;
}

/** A column that already has a problem on this row is not reported again by a later check. */
function add(candidate: Candidate, column: string, reason: Said): void {
  if (!candidate.problems.some((p) => p.column === column))
    candidate.problems.push({ row: candidate.row, column, reason });
}

const placed = (c: Candidate, coordinateColumn: string) =>
  c.geometry !== undefined && !c.problems.some((p) => p.column === coordinateColumn);

function schemaProblems(layer: LayerDef, candidates: Candidate[], mapping: Mapping, coordinateColumn: string): void {
  const schema = featureSchema(layer);
  for (const candidate of candidates) {
    const result = schema.safeParse({
      type: 'Feature',
      geometry: candidate.geometry,
      properties: candidate.properties,
    });
    for (const issue of result.error?.issues ?? []) {
      const column = columnFor(issue.path, mapping, coordinateColumn);
      const required = issue.code === 'invalid_type' && issue.input === undefined;
      const reason = required ? both('必填', 'is required') : issue.message;
      add(candidate, column, reason);
    }
  }
}

function repeatedIds(candidates: Candidate[], mapping: Mapping): void {
  const first = new Map<string, number>();
  const column = mapping.fields.get('external_id') ?? 'external id';
  for (const c of candidates) {
    if (c.properties.external_id === null || c.properties.external_id === undefined) continue;
    const key = JSON.stringify([c.properties.source, c.properties.external_id]);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, c.row);
    else {
      const id = c.properties.external_id;
      add(
        c,
        column,
        c.hashed
          ? both(
              `与第 ${earlier} 行名称和位置相同;每行须是一个要素`,
              `has the same name and position as row ${earlier}; each row must be one feature`,
            )
          : both(
              `与第 ${earlier} 行编号“${id}”相同;每行须是一个要素`,
              `has the id "${id}" of row ${earlier}; each row must be one feature`,
            ),
      );
    }
  }
}

async function validityProblems(store: Store, candidates: Candidate[], coordinateColumn: string): Promise<void> {
  // Points are always valid; asking PostGIS about 100,000 of them would only cost time.
  const shapes = candidates.filter((c) => placed(c, coordinateColumn) && c.geometry?.type !== 'Point');
  const reasons = await store.geometryProblems(shapes.map((c) => c.geometry as NonNullable<Candidate['geometry']>));
  reasons.forEach((reason, i) => {
    if (reason) add(shapes[i], coordinateColumn, both(`几何无效:${reason}`, `is not valid: ${reason}`));
  });
}

/** Returns warnings; problems are added to the candidates themselves. */
async function districtChecks(candidates: Candidate[], options: ValidationOptions): Promise<Said[]> {
  const district = options.district;
  if (!district) return [];
  const outside: number[] = [];
  for (const [i, c] of candidates.entries()) {
    await turnEvery(i);
    if (!placed(c, options.coordinateColumn)) continue;
    const positions = coordAll(c.geometry as Geometry) as Array<[number, number]>;
    const far = positions.find((p) => !inDistrict(p, district));
    if (far || positions.some((p) => !inDistrict(p, district, 0))) c.outside = true;
    if (far && !options.allowOutsideDistrict) {
      const at = far.join(', ');
      add(
        c,
        options.coordinateColumn,
        both(
          `位置 ${at} 在辖区外超过 ${DISTRICT_MARGIN_DEG}°;请检查坐标系,或允许辖区外的位置(${option('allow_outside_district')})`,
          `position ${at} is more than ${DISTRICT_MARGIN_DEG}° outside the district; check the coordinate system, or allow it (${option('allow_outside_district')})`,
        ),
      );
    } else if (c.outside) {
      outside.push(c.row);
    }
  }
  if (outside.length === 0) return [];
  const listed = outside.slice(0, 20).join(', ') + (outside.length > 20 ? ', …' : '');
  const unit = { row: '行', feature: '个要素' }[options.unit];
  return [
    both(
      `${outside.length} ${unit}位于辖区范围之外(第 ${listed} ${unit})`,
      `${outside.length} ${options.unit}s lie outside the district's bounds (${options.unit}s ${listed})`,
    ),
  ];
}

/** The checks that need no database, row by row; they run where the file was read. */
export function checkRows(layer: LayerDef, candidates: Candidate[], mapping: Mapping, coordinateColumn: string): void {
  schemaProblems(layer, candidates, mapping, coordinateColumn);
  repeatedIds(candidates, mapping);
}

/** The checks of where rows lie: PostGIS validity, then the district's extent. Returns warnings. */
export async function checkPlaces(
  store: Store,
  candidates: Candidate[],
  options: ValidationOptions,
): Promise<{ warnings: Said[] }> {
  await validityProblems(store, candidates, options.coordinateColumn);
  return { warnings: await districtChecks(candidates, options) };
}

export type { RowProblem };
