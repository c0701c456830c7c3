import type { Label } from '../../catalog/label.ts';
import type { FieldDef, FieldType } from './types.ts';

type Options = Partial<Omit<FieldDef, 'name' | 'type' | 'label'>>;

/** Compact field constructors: the layer files read as a table of name, Chinese label, English label. */
function field(type: FieldType) {
  return (name: string, zh: string, en: string, options: Options = {}): FieldDef => ({
    name,
    type,
    label: { zh, en },
    visibility: 'public',
    ...options,
  });
}

/** PostgreSQL's integer (int4), the column type of every integer field. */
export const INT4 = { min: -2_147_483_648, max: 2_147_483_647 } as const;

export const text = field('text');

/** A whole number, bounded by its column type unless the options bound it more narrowly. */
export function integer(name: string, zh: string, en: string, options: Options = {}): FieldDef {
  return field('integer')(name, zh, en, {
    ...options,
    min: Math.max(options.min ?? INT4.min, INT4.min),
    max: Math.min(options.max ?? INT4.max, INT4.max),
  });
}
export const number = field('number');
export const boolean = field('boolean');
export const date = field('date');
export const json = field('json');

export function oneOf(name: string, zh: string, en: string, values: Record<string, Label>, options: Options = {}) {
  return field('enum')(name, zh, en, { values, queryable: true, ...options });
}

export function manyOf(name: string, zh: string, en: string, values: Record<string, Label>, options: Options = {}) {
  return field('enum[]')(name, zh, en, { values, queryable: true, ...options });
}

export const internal: Options = { visibility: 'internal' };
export const live: Options = { live: true };

/** Values shared by several layers. */
export const levels3 = {
  district: { zh: '区级', en: 'District' },
  township: { zh: '乡镇级', en: 'Township' },
  village: { zh: '村级', en: 'Village' },
};

export const plannedStatus = {
  existing: { zh: '已建', en: 'Existing' },
  planned: { zh: '规划', en: 'Planned' },
};
