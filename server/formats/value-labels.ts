import type { FieldDef } from '../layers/registry.ts';

/**
 * What every file OneMap writes for people (the CSV spreadsheet, KML's descriptions and
 * ExtendedData) shows instead of stored keys; the import reads these labels back to the keys.
 */

/** A value as a person reads it: the Chinese label of a coded value (A类, 较大风险(橙)), 是/否, JSON for structures. */
export function labelledValue(field: FieldDef, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.values && field.type !== 'enum[]') return field.values[String(value)]?.zh ?? String(value);
  switch (field.type) {
    case 'enum[]':
      return (value as string[]).map((v) => field.values?.[v]?.zh ?? v).join('、');
    case 'boolean':
      return value ? '是' : '否';
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}
