import { HttpProblem, invalidParam } from '../http/problem.ts';
import { textProblem } from '../input/plain-text.ts';
import { allFields, type FieldDef, type LayerDef, queryableFields, type Visibility } from '../layers/registry.ts';
import type { BBox, ItemsQuery, PropertyFilter } from '../store/store.ts';
import type { Parameter } from './operations.ts';

export const PAGING = { defaultLimit: 100, maxLimit: 10_000 };

/** Parameters every items request may carry besides the layer's queryables, as the API document shows them. */
export const ITEMS_PARAMETERS = {
  limit: {
    name: 'limit',
    in: 'query',
    description: `Features per page; above ${PAGING.maxLimit} the maximum is served.`,
    schema: { type: 'integer', minimum: 1, maximum: PAGING.maxLimit, default: PAGING.defaultLimit },
  },
  offset: { name: 'offset', in: 'query', description: 'Features to skip.', schema: { type: 'integer', minimum: 0 } },
  bbox: {
    name: 'bbox',
    in: 'query',
    description: 'minLon,minLat,maxLon,maxLat in CRS84 (longitude first).',
    style: 'form',
    explode: false,
    schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
  },
  f: { name: 'f', in: 'query', schema: { type: 'string', enum: ['json', 'geojson'] } },
} satisfies Record<string, Parameter>;

const MAX_TEXT = 200;

type Raw = unknown;

function single(name: string, raw: Raw): string {
  if (typeof raw !== 'string') throw invalidParam(name, 'give it once, as a single value');
  return raw;
}

function parseLimit(raw: Raw): number {
  if (raw === undefined) return PAGING.defaultLimit;
  const text = single('limit', raw);
  if (!/^\d+$/.test(text)) throw invalidParam('limit', `must be a whole number from 1 to ${PAGING.maxLimit}`);
  const value = Number(text);
  if (value < 1) throw invalidParam('limit', `must be at least 1`);
  // OGC API – Features: a limit above the maximum is served at the maximum, not refused.
  return Math.min(value, PAGING.maxLimit);
}

function parseOffset(raw: Raw): number {
  if (raw === undefined) return 0;
  const text = single('offset', raw);
  if (!/^\d{1,9}$/.test(text)) throw invalidParam('offset', 'must be a whole number, 0 or more');
  return Number(text);
}

export function parseBbox(raw: Raw): BBox | undefined {
  if (raw === undefined) return undefined;
  const parts = single('bbox', raw).split(',');
  if (parts.length !== 4 && parts.length !== 6) {
    throw invalidParam('bbox', `needs 4 numbers (minLon,minLat,maxLon,maxLat), got ${parts.length}`);
  }
  const numbers = parts.map((p) => (/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(p) ? Number(p) : Number.NaN));
  if (numbers.some((n) => !Number.isFinite(n))) throw invalidParam('bbox', 'every value must be a number');
  // Six numbers carry heights, which a 2D map ignores.
  const [minX, minY, maxX, maxY] = parts.length === 6 ? [numbers[0], numbers[1], numbers[3], numbers[4]] : numbers;
  for (const [value, axis] of [
    [minX, 'longitude'],
    [maxX, 'longitude'],
  ] as const) {
    if (value < -180 || value > 180) throw invalidParam('bbox', `${axis} ${value} is outside -180..180`);
  }
  for (const value of [minY, maxY]) {
    if (value < -90 || value > 90) {
      throw invalidParam('bbox', `latitude ${value} is outside -90..90 (the order is minLon,minLat,maxLon,maxLat)`);
    }
  }
  if (minY > maxY) throw invalidParam('bbox', 'minimum latitude is above the maximum');
  if (minX > maxX) throw invalidParam('bbox', 'boxes crossing the antimeridian are not supported');
  return [minX, minY, maxX, maxY];
}

/** YYYY-MM-DD naming a day the calendar has (not 2024-02-30, which Date.parse rolls over). */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

function parseValue(field: FieldDef, text: string): unknown {
  const name = field.name;
  switch (field.type) {
    case 'integer': {
      if (!/^-?\d{1,9}$/.test(text)) throw invalidParam(name, `"${text}" is not a whole number`);
      const value = Number(text);
      if (field.values && !(text in field.values)) {
        throw invalidParam(name, `must be one of ${Object.keys(field.values).join(', ')}`);
      }
      return value;
    }
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) throw invalidParam(name, `"${text}" is not a number`);
      return value;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw invalidParam(name, 'must be true or false');
      return text === 'true';
    case 'date':
      if (!isCalendarDate(text)) throw invalidParam(name, 'must be a date as YYYY-MM-DD');
      return text;
    case 'enum':
    case 'enum[]':
      if (!field.values || !(text in field.values)) {
        throw invalidParam(name, `"${text}" is not one of ${Object.keys(field.values ?? {}).join(', ')}`);
      }
      return text;
    default: {
      if (text.length === 0 || text.length > MAX_TEXT) throw invalidParam(name, `must be 1 to ${MAX_TEXT} characters`);
      // A value no feature may hold matches nothing; saying so beats asking the database.
      const problem = textProblem(text);
      if (problem) throw invalidParam(name, problem);
      return text;
    }
  }
}

/** A filter matches any of its values: repeat the parameter, or (but for free text) separate them with commas. */
function parseFilter(field: FieldDef, raw: Raw): PropertyFilter {
  const texts = Array.isArray(raw) ? raw.map(String) : [String(raw)];
  const values = field.type === 'text' ? texts : texts.flatMap((t) => t.split(','));
  return { field, values: values.map((v) => parseValue(field, v)) };
}

export function parseItemsQuery(layer: LayerDef, query: Record<string, Raw>, audience: Visibility): ItemsQuery {
  const queryables = new Map(queryableFields(layer, audience).map((f) => [f.name, f]));
  const staffOnly = new Set(queryableFields(layer, 'internal').map((f) => f.name));
  const filters: PropertyFilter[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (Object.hasOwn(ITEMS_PARAMETERS, name)) continue;
    const field = queryables.get(name);
    if (field) {
      filters.push(parseFilter(field, raw));
    } else if (staffOnly.has(name)) {
      throw new HttpProblem(401, 'Unauthorized', `${name}: filtering by this field needs a signed-in user`, [
        { name, reason: 'needs a signed-in user' },
      ]);
    } else {
      const hint = allFields(layer).some((f) => f.name === name) ? 'is not queryable' : 'is not a known parameter';
      throw invalidParam(name, `${hint}; see /collections/${layer.id}/queryables`);
    }
  }
  if (query.f !== undefined && !['json', 'geojson'].includes(single('f', query.f))) {
    throw invalidParam('f', 'only json (GeoJSON) is offered');
  }
  return {
    audience,
    bbox: parseBbox(query.bbox),
    filters,
    limit: parseLimit(query.limit),
    offset: parseOffset(query.offset),
  };
}
