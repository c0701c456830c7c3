import type { FieldDef, LayerDef, Visibility } from '../layers/registry.ts';
import { visibleFields } from '../layers/registry.ts';

/** SQL identifiers come only from the layer registry; this refuses anything else that slips through. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
}

/** Columns read from other tables, by layer and field. */
const derivedSelect: Record<string, string> = {
  'depots.stock': `(SELECT coalesce(json_agg(json_build_object('item', s.item, 'quantity', s.quantity, 'unit', s.unit,
      'expires_on', s.expires_on::text) ORDER BY s.item), '[]'::json) FROM depot_stock s WHERE s.depot_id = t.id)`,
};

const derivedFilter: Record<string, (param: string) => string> = {
  'depots.item': (p) => `EXISTS (SELECT 1 FROM depot_stock s WHERE s.depot_id = t.id AND s.item = ANY(${p}::text[]))`,
};

/** How a field is read: its column (dates and timestamps as text, the way the API writes them) or a subquery. */
export function selectExpression(layer: LayerDef, field: FieldDef): string | undefined {
  if (field.derived) return derivedSelect[`${layer.id}.${field.name}`];
  const column = `t.${ident(field.name)}`;
  switch (field.type) {
    case 'date':
      return `${column}::text`;
    case 'timestamp':
      return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
    default:
      return column;
  }
}

/** The columns of a feature as a reader of this audience sees it, one expression each; geometry comes as `geom`. */
export function selectColumns(layer: LayerDef, audience: Visibility): string[] {
  const columns = ['t.id', 't.geom'];
  for (const field of visibleFields(layer, audience)) {
    const expression = selectExpression(layer, field);
    if (expression) columns.push(`${expression} AS ${ident(field.name)}`);
  }
  return columns;
}

/** The select list of a feature as a reader of this audience sees it; geometry comes as `geom`. */
export function selectList(layer: LayerDef, audience: Visibility): string {
  return selectColumns(layer, audience).join(', ');
}

/** A condition that the field equals one of the values (or, for lists, shares one). */
export function filterCondition(layer: LayerDef, field: FieldDef, param: string): string {
  if (field.derived) {
    const build = derivedFilter[`${layer.id}.${field.name}`];
    if (!build) throw new Error(`no filter for ${layer.id}.${field.name}`);
    return build(param);
  }
  const column = `t.${ident(field.name)}`;
  switch (field.type) {
    case 'enum[]':
      return `${column} && ${param}::text[]`;
    case 'integer':
      return `${column} = ANY(${param}::integer[])`;
    case 'number':
      return `${column} = ANY(${param}::double precision[])`;
    case 'boolean':
      return `${column} = ANY(${param}::boolean[])`;
    case 'date':
      return `${column} = ANY(${param}::date[])`;
    default:
      return `${column} = ANY(${param}::text[])`;
  }
}

/** How a property of an incoming GeoJSON feature (jsonb `f`) becomes a column value. */
export function jsonValue(field: FieldDef): string {
  const value = `f->'properties'->>'${field.name}'`;
  switch (field.type) {
    case 'integer':
      return `(${value})::integer`;
    case 'number':
      return `(${value})::double precision`;
    case 'boolean':
      return `(${value})::boolean`;
    case 'date':
      return `(${value})::date`;
    case 'timestamp':
      return `(${value})::timestamptz`;
    case 'json':
      return `f->'properties'->'${field.name}'`;
    case 'enum[]':
      return `CASE WHEN jsonb_typeof(f->'properties'->'${field.name}') = 'array'
        THEN ARRAY(SELECT jsonb_array_elements_text(f->'properties'->'${field.name}')) END`;
    default:
      return value;
  }
}
