import type { Geometry, Position } from 'geojson';

/**
 * Well-known text as GDAL writes it into CSV (`GEOMETRY=AS_WKT`): points, lines, polygons and their
 * multi forms, with Z or M dropped. Anything else is not a geometry this import reads.
 */

type Nested = Position | Nested[];

function nest(body: string): Nested[] | undefined {
  const stack: Nested[][] = [[]];
  const tokens = body.match(/\(|\)|[^(),]+/g) ?? [];
  for (const token of tokens) {
    if (token === '(') {
      const child: Nested[] = [];
      stack.at(-1)?.push(child);
      stack.push(child);
    } else if (token === ')') {
      stack.pop();
      if (stack.length === 0) return undefined;
    } else if (token.trim()) {
      const numbers = token.trim().split(/\s+/).map(Number);
      if (numbers.length < 2 || numbers.some(Number.isNaN)) return undefined;
      stack.at(-1)?.push([numbers[0], numbers[1]]);
    }
  }
  return stack.length === 1 ? (stack[0] as Nested[]) : undefined;
}

export function parseWkt(text: string): Geometry | undefined {
  const match =
    /^\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON)\s*(?:ZM|Z|M)?\s*(\(.*\))\s*$/is.exec(text);
  if (!match) return undefined;
  const [outer] = nest(match[2]) ?? [];
  if (!Array.isArray(outer)) return undefined;
  const c = outer as never;
  switch (match[1].toUpperCase()) {
    case 'POINT':
      return { type: 'Point', coordinates: (outer as Position[])[0] };
    case 'LINESTRING':
      return { type: 'LineString', coordinates: c };
    case 'POLYGON':
      return { type: 'Polygon', coordinates: c };
    case 'MULTIPOINT':
      // Both MULTIPOINT (1 2, 3 4) and MULTIPOINT ((1 2), (3 4)) are written.
      return {
        type: 'MultiPoint',
        coordinates: (outer as Nested[]).map((p) => (Array.isArray(p[0]) ? p[0] : p)) as Position[],
      };
    case 'MULTILINESTRING':
      return { type: 'MultiLineString', coordinates: c };
    default:
      return { type: 'MultiPolygon', coordinates: c };
  }
}

function ring(positions: Position[]): string {
  return `(${positions.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
}

/** The other way, for the CSV export of lines and areas. */
export function toWkt(geometry: Geometry): string {
  switch (geometry.type) {
    case 'Point':
      return `POINT (${geometry.coordinates[0]} ${geometry.coordinates[1]})`;
    case 'LineString':
      return `LINESTRING ${ring(geometry.coordinates)}`;
    case 'Polygon':
      return `POLYGON (${geometry.coordinates.map(ring).join(', ')})`;
    case 'MultiLineString':
      return `MULTILINESTRING (${geometry.coordinates.map(ring).join(', ')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${geometry.coordinates.map((p) => `(${p.map(ring).join(', ')})`).join(', ')})`;
    default:
      throw new Error(`no WKT for ${geometry.type}`);
  }
}
