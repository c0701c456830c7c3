import { writableFields } from '../../formats/writable-fields.ts';
import { allFields, type LayerDef } from '../../layers/registry.ts';
import { refuse } from '../errors.ts';
import { option } from '../options.ts';
import { both, type Said } from '../said.ts';
import { HEADER_SYNONYMS, normalizeHeader } from './headers.ts';

/**
 * Which column feeds which field. Explicit `map` entries win, then the mapping saved for the layer,
 * then a header equal to a field's name or label, then the usual synonyms; each field takes one
 * column, the first that claims it. Two columns the user maps to one field are refused: which of
 * them is meant only the user knows.
 */

export const COORDINATE_ROLES = ['lon', 'lat', 'x', 'y', 'wkt'] as const;
export type CoordinateRole = (typeof COORDINATE_ROLES)[number];

const ROLE_NAMES: Record<string, CoordinateRole> = { 经度: 'lon', 纬度: 'lat', 几何: 'wkt' };
const IGNORE = new Set(['-', 'ignore', '忽略']);

export type How = 'explicit' | 'saved' | 'header' | 'synonym' | 'truncated';

export interface MappedColumn {
  column: string;
  target: string;
  how: How;
}

export interface Mapping {
  /** Field name → column. */
  fields: Map<string, string>;
  coordinates: Partial<Record<CoordinateRole, string>>;
  used: MappedColumn[];
  ignored: Array<{ column: string; why: Said }>;
}

/** `名称=name,容纳人数=capacity`: column=target pairs; a target may be a field name or its Chinese label. */
export function parseMapOption(text: string | undefined): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const part of (text ?? '').split(/[,，]/)) {
    if (!part.trim()) continue;
    const at = part.lastIndexOf('=');
    if (at <= 0 || at === part.length - 1)
      refuse('map', `“${part}”不是“列=字段”的写法`, `"${part}" is not column=field`);
    pairs[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return pairs;
}

/** What a target names: a writable field, a coordinate role, or nothing (ignore the column). */
export function resolveTarget(layer: LayerDef, target: string): string {
  if (IGNORE.has(target)) return '-';
  const lower = target.toLowerCase();
  if ((COORDINATE_ROLES as readonly string[]).includes(lower)) return lower;
  if (ROLE_NAMES[target]) return ROLE_NAMES[target];
  const field = writableFields(layer).find((f) => f.name === target || f.label.zh === target);
  if (field) return field.name;
  const names = writableFields(layer).map((f) => f.name);
  return refuse(
    'map',
    `“${target}”不是 ${layer.id} 的字段(字段:${names.join(', ')};坐标:lon、lat、x、y、wkt;- 表示忽略)`,
    `"${target}" is not a field of ${layer.id} (fields: ${names.join(', ')}; coordinates: lon, lat, x, y, wkt; - to ignore)`,
  );
}

/** The dBASE limit on a field name: GDAL cuts `effective_area_m2` to `effective_` in a shapefile. */
const DBF_NAME_LENGTH = 10;

/**
 * Field names as a shapefile holds them, cut to ten characters, where the cut names one field
 * alone: `threatened_people` and `threatened_property_wan` both cut to `threatened`, and GDAL numbers
 * the second by the order of the file it wrote from, which only the file's author knows.
 */
function truncatedNames(layer: LayerDef, exact: Map<string, string>): Map<string, string> {
  const cuts = new Map<string, string | null>();
  for (const field of allFields(layer)) {
    if (field.name.length <= DBF_NAME_LENGTH) continue;
    const key = normalizeHeader(field.name.slice(0, DBF_NAME_LENGTH));
    cuts.set(key, cuts.has(key) || exact.has(key) ? null : field.name);
  }
  return new Map([...cuts].filter((entry): entry is [string, string] => entry[1] !== null));
}

/** Header → target for everything recognisable in the layer, the strongest match first. */
function automaticTargets(layer: LayerDef): Array<{ how: How; targets: Map<string, string> }> {
  const exact = new Map<string, string>();
  const synonyms = new Map<string, string>();
  for (const field of allFields(layer)) {
    for (const label of [field.name, field.label.zh, field.label.en]) {
      const key = normalizeHeader(label);
      if (!exact.has(key)) exact.set(key, field.name);
    }
  }
  const names = new Set(allFields(layer).map((f) => f.name));
  for (const [target, headers] of Object.entries(HEADER_SYNONYMS)) {
    if (!names.has(target) && !(COORDINATE_ROLES as readonly string[]).includes(target)) continue;
    for (const header of headers) {
      const key = normalizeHeader(header);
      if (!synonyms.has(key)) synonyms.set(key, target);
    }
  }
  return [
    { how: 'header', targets: exact },
    { how: 'synonym', targets: synonyms },
    { how: 'truncated', targets: truncatedNames(layer, exact) },
  ];
}

/** How many cells of a row read as headers of this layer: the header row is the one with most. */
export function recognisedHeaders(cells: unknown[], layer: LayerDef): number {
  const tiers = automaticTargets(layer);
  return cells.filter((cell) => {
    const key = normalizeHeader(String(cell ?? ''));
    return key !== '' && tiers.some(({ targets }) => targets.has(key));
  }).length;
}

export function resolveMapping(
  columns: string[],
  layer: LayerDef,
  given: { explicit?: Record<string, string>; saved?: Record<string, string> } = {},
): Mapping {
  const writable = new Set(writableFields(layer).map((f) => f.name));
  const claimed = new Map<string, string>(); // target → column
  const assigned = new Map<string, MappedColumn>(); // column → mapping
  const ignored: Mapping['ignored'] = [];
  const shadowed = new Map<string, Said>();
  const byKey = (entries: Record<string, string> | undefined) =>
    new Map(Object.entries(entries ?? {}).map(([column, target]) => [normalizeHeader(column), target]));

  const tiers: Array<{ how: How; targets: Map<string, string> }> = [
    { how: 'explicit', targets: byKey(given.explicit) },
    { how: 'saved', targets: byKey(given.saved) },
    ...automaticTargets(layer),
  ];
  for (const { how, targets } of tiers) {
    for (const column of columns) {
      if (assigned.has(column)) continue;
      const raw = targets.get(normalizeHeader(column));
      if (raw === undefined) continue;
      const target = how === 'explicit' || how === 'saved' ? resolveTarget(layer, raw) : raw;
      if (target === '-') {
        assigned.set(column, { column, target, how });
        ignored.push({
          column,
          why:
            how === 'saved'
              ? both('按保存的字段对应不导入', 'ignored as the saved mapping says')
              : both(`按 ${option('map')} 不导入`, `ignored as ${option('map')} says`),
        });
        continue;
      }
      if (!writable.has(target) && !(COORDINATE_ROLES as readonly string[]).includes(target)) {
        assigned.set(column, { column, target: '-', how });
        ignored.push({
          column,
          why: both(`${target} 由服务器维护,不导入`, `${target} is kept by the server, not imported`),
        });
        continue;
      }
      const other = claimed.get(target);
      if (other !== undefined && how === 'explicit') {
        refuse(
          'map',
          `列 ${other} 和 ${column} 都对应到 ${target};一个字段只能取一列`,
          `columns ${other} and ${column} both name ${target}; a field takes one column`,
        );
      }
      if (other !== undefined) {
        shadowed.set(column, both(`${target} 已由 ${other} 列填写`, `${target} is already fed by column ${other}`));
        continue;
      }
      claimed.set(target, column);
      assigned.set(column, { column, target, how });
    }
  }
  for (const column of columns) {
    if (!assigned.has(column)) {
      ignored.push({
        column,
        why: shadowed.get(column) ?? both('本图层没有与之对应的字段', 'no field of this layer matches it'),
      });
    }
  }
  const used = [...assigned.values()].filter((m) => m.target !== '-');
  const fields = new Map(used.filter((m) => writable.has(m.target)).map((m) => [m.target, m.column]));
  const coordinates: Mapping['coordinates'] = {};
  for (const m of used) {
    if ((COORDINATE_ROLES as readonly string[]).includes(m.target)) coordinates[m.target as CoordinateRole] = m.column;
  }
  return { fields, coordinates, used, ignored };
}
