import type { FieldDef } from '../../layers/registry.ts';
import { both, type Said } from '../said.ts';
import { foldHanForms } from './han-forms.ts';

/**
 * A cell as a person wrote it, turned into the value the field stores: labels back to enumeration
 * keys (紧急避难场所 → emergency, A类 → A, 重大/红色 → 1), 是/否 to booleans, "1,200 人" to 1200,
 * 2024年5月1日 and 2024/5/1 0:00 to 2024-05-01; labels in traditional characters (緊急避難場所) too. What cannot be read is named with the text as it was; ranges and the
 * rest are left to the layer's schema, so an import accepts exactly what the editing API accepts.
 */

export type Converted = { value: unknown } | { error: Said };

const TRUE = new Set(['是', '有', 'y', 'yes', 'true', 't', '1', '√', '✓', '✔']);
const FALSE = new Set(['否', '无', 'n', 'no', 'false', 'f', '0', '×', '✗', '✘']);

const UNITS: Record<string, string[]> = {
  'm²': ['m2', 'm²', '平方米', '平米'],
  'km²': ['km2', 'km²', '平方公里', '平方千米'],
  人: ['人'],
  m: ['m', '米'],
  '°': ['°', '度'],
  万元: ['万元'],
  'km/h': ['km/h', 'kmh', 'kph', '公里/小时', '千米/小时', '公里/时', '千米/时'],
};

function fold(text: string): string {
  return foldHanForms(text.normalize('NFKC').trim());
}

export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
}

/** A label and the shorter ways people write it: 重大风险(红) is also 重大风险, 重大 and 红; A类 is also A. */
function variants(text: string): string[] {
  const plain = fold(text).toLowerCase().replace(/\s+/g, '');
  const bracket = /^(.*?)[(（](.*)[)）]$/.exec(plain);
  const forms = bracket ? [plain, bracket[1], bracket[2]] : [plain];
  const shorter = forms.map((f) => f.replace(/(风险|类|级|型|色)$/, ''));
  return [...new Set([...forms, ...shorter].filter(Boolean))];
}

const lookups = new WeakMap<FieldDef, Map<string, Set<string>>>();

function lookupOf(field: FieldDef): Map<string, Set<string>> {
  let lookup = lookups.get(field);
  if (!lookup) {
    lookup = new Map();
    for (const [key, label] of Object.entries(field.values ?? {})) {
      for (const text of [key, label.zh, label.en]) {
        for (const form of variants(text)) {
          const keys = lookup.get(form) ?? new Set<string>();
          keys.add(key);
          lookup.set(form, keys);
        }
      }
    }
    lookups.set(field, lookup);
  }
  return lookup;
}

function labelList(field: FieldDef): string {
  return Object.values(field.values ?? {})
    .map((l) => l.zh)
    .join('/');
}

/** The enumeration key a label names, or undefined; a unique prefix of a Chinese label will do (紧急 → emergency). */
export function enumKey(field: FieldDef, text: string): string | undefined {
  const lookup = lookupOf(field);
  for (const form of variants(text)) {
    const keys = lookup.get(form);
    if (keys?.size === 1) return [...keys][0];
  }
  const plain = fold(text);
  if (plain.length >= 2) {
    const matches = Object.entries(field.values ?? {}).filter(([, label]) => label.zh.startsWith(plain));
    if (matches.length === 1) return matches[0][0];
  }
  return undefined;
}

function toNumber(field: FieldDef, raw: unknown): Converted {
  if (typeof raw === 'number')
    return Number.isFinite(raw) ? { value: raw } : { error: both('不是数字', 'is not a number') };
  let text = fold(String(raw)).replace(/\s+/g, '');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?/.test(text)) text = text.replace(/,/g, '');
  for (const unit of UNITS[field.unit ?? ''] ?? []) {
    if (text.toLowerCase().endsWith(unit)) text = text.slice(0, -unit.length);
  }
  const value = text === '' ? Number.NaN : Number(text);
  return Number.isFinite(value) ? { value } : { error: both(`“${raw}”不是数字`, `"${raw}" is not a number`) };
}

/**
 * A time after the date, as Excel writes a date cell saved as text (`2024/3/5 0:00`), as databases
 * and GeoPackages write a date-time (`2024-03-05 00:00:00`, `2024-03-05T00:00:00.000Z`): the day is
 * the date written, whatever the time.
 */
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const WRITTEN_DATE = new RegExp(String.raw`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?${TIME}$`);
const DIGITS_DATE = /^(\d{4})(\d{2})(\d{2})$/;

function toDate(raw: unknown): Converted {
  const text = fold(String(raw));
  const parts =
    raw instanceof Date
      ? [raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate()]
      : (WRITTEN_DATE.exec(text) ?? DIGITS_DATE.exec(text))?.slice(1, 4).map(Number);
  if (parts && !parts.some(Number.isNaN)) {
    const [y, m, d] = parts;
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) {
      return { value: date.toISOString().slice(0, 10) };
    }
  }
  const written = raw instanceof Date ? raw.toISOString() : raw;
  return {
    error: both(`“${written}”不是日期(请写成 2024-05-01)`, `"${written}" is not a date (write it as 2024-05-01)`),
  };
}

function toText(raw: unknown): Converted {
  if (raw instanceof Date) return { value: raw.toISOString().slice(0, 10) };
  if (typeof raw === 'object') return { value: JSON.stringify(raw) };
  return { value: String(raw).trim() };
}

function toEnum(field: FieldDef, raw: unknown): Converted {
  const key = enumKey(field, String(raw));
  if (key !== undefined) return { value: key };
  return { error: both(`“${raw}”不是 ${labelList(field)} 之一`, `"${raw}" is not one of ${labelList(field)}`) };
}

function toList(field: FieldDef, raw: unknown): Converted {
  const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(/[,，、;；/|\s]+/);
  const keys: string[] = [];
  for (const item of items.filter((i) => i.trim() !== '')) {
    const key = enumKey(field, item);
    if (key === undefined) {
      return { error: both(`“${item}”不是 ${labelList(field)} 之一`, `"${item}" is not one of ${labelList(field)}`) };
    }
    if (!keys.includes(key)) keys.push(key);
  }
  return { value: keys };
}

function toBoolean(raw: unknown): Converted {
  if (typeof raw === 'boolean') return { value: raw };
  const text = fold(String(raw)).toLowerCase();
  if (TRUE.has(text)) return { value: true };
  if (FALSE.has(text)) return { value: false };
  return { error: both(`“${raw}”不是“是”或“否”`, `"${raw}" is not 是 or 否 (yes or no)`) };
}

function toJson(raw: unknown): Converted {
  if (typeof raw !== 'string') return { value: raw };
  try {
    return { value: JSON.parse(raw) };
  } catch {
    return { error: both('不是有效的 JSON', 'is not valid JSON') };
  }
}

export function convertValue(field: FieldDef, raw: unknown): Converted {
  if (isBlank(raw)) return { value: null };
  switch (field.type) {
    case 'integer':
    case 'number': {
      const key = field.values && typeof raw === 'string' ? enumKey(field, raw) : undefined;
      if (key !== undefined) return { value: Number(key) };
      const number = toNumber(field, raw);
      if ('value' in number && field.type === 'integer' && !Number.isInteger(number.value)) {
        return { error: both(`“${raw}”不是整数`, `"${raw}" is not a whole number`) };
      }
      return number;
    }
    case 'boolean':
      return toBoolean(raw);
    case 'date':
      return toDate(raw);
    case 'enum':
      return toEnum(field, raw);
    case 'enum[]':
      return toList(field, raw);
    case 'json':
      return toJson(raw);
    default:
      return toText(raw);
  }
}
