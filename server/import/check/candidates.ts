import type { Geometry } from 'geojson';
import { writableFields } from '../../formats/writable-fields.ts';
import type { LayerDef } from '../../layers/registry.ts';
import type { Mapping } from '../map/mapping.ts';
import { completeRoad } from '../map/road-class.ts';
import { convertValue } from '../map/values.ts';
import type { Located } from '../place/locate.ts';
import type { SourceRecord } from '../read/source.ts';
import type { RowProblem } from '../report.ts';
import { type IdentityPlan, rowHash } from './identity.ts';

/** A record turned into the feature it would write, or the problems that stop it. */
export interface Candidate {
  row: number;
  geometry?: Geometry;
  properties: Record<string, unknown>;
  problems: RowProblem[];
  hashed: boolean;
  /** Placed outside the district's bounds (allowed, warned about, or a problem when far). */
  outside?: boolean;
}

/** What a layer works out from a row's other values when the row does not say it (a road's class from its route code). */
const COMPLETIONS: Record<string, (properties: Record<string, unknown>) => void> = { roads: completeRoad };

export interface CandidateContext {
  layer: LayerDef;
  mapping: Mapping;
  identity: IdentityPlan;
  sourceCrs: string;
  /** Values implied by the file itself, such as the kind a census table holds. */
  defaults: Record<string, unknown>;
}

export function buildCandidate(record: SourceRecord, located: Located, context: CandidateContext): Candidate {
  const problems: RowProblem[] = [];
  const properties: Record<string, unknown> = { ...context.defaults };
  for (const field of writableFields(context.layer)) {
    const column = context.mapping.fields.get(field.name);
    if (column === undefined) continue;
    const converted = convertValue(field, record.values[column]);
    if ('error' in converted) problems.push({ row: record.row, column, reason: converted.error });
    else if (converted.value !== null || !(field.name in context.defaults)) properties[field.name] = converted.value;
  }
  COMPLETIONS[context.layer.id]?.(properties);
  const geometry = 'geometry' in located ? located.geometry : undefined;
  if (!geometry && 'reason' in located)
    problems.push({ row: record.row, column: located.column, reason: located.reason });

  if (context.identity.givenSource) properties.source = context.identity.givenSource;
  else properties.source ??= context.identity.fileSource;
  properties.source_crs ??= context.sourceCrs;
  let hashed = false;
  if (properties.external_id === null || properties.external_id === undefined) {
    if (geometry) properties.external_id = rowHash(properties.name, geometry);
    hashed = true;
  }
  return { row: record.row, geometry, properties, problems, hashed };
}
