import { z } from 'zod';
import type { GeometryType } from '../../catalog/layers.ts';

/**
 * GeoJSON geometry as RFC 7946 has it: [longitude, latitude], closed rings. The messages say what
 * to fix, and a position whose latitude is out of range but would fit as a longitude is called
 * what it almost always is: swapped coordinates. The map is two-dimensional and so are its tables:
 * a position with a height is refused here rather than by the database (imports drop heights).
 */

const position = z
  .array(z.number({ error: 'coordinates must be numbers' }))
  .min(2, 'a position needs longitude and latitude')
  .max(2, 'a position is [longitude, latitude]: heights are not stored')
  .superRefine(([lon, lat], ctx) => {
    const swapped = Math.abs(lat) > 90 && Math.abs(lon) <= 90 && Math.abs(lat) <= 180;
    if (lon < -180 || lon > 180) ctx.addIssue({ code: 'custom', message: `longitude ${lon} is outside -180..180` });
    if ((lat < -90 || lat > 90) && swapped) {
      const message = `latitude ${lat} is outside -90..90: latitude and longitude look swapped (GeoJSON is [longitude, latitude])`;
      ctx.addIssue({ code: 'custom', message });
    } else if (lat < -90 || lat > 90) ctx.addIssue({ code: 'custom', message: `latitude ${lat} is outside -90..90` });
  });

const line = z.array(position).min(2, 'a line needs at least 2 positions');

const ring = z
  .array(position)
  .min(4, 'a ring needs at least 4 positions')
  .refine((r) => r.length < 4 || (r[0][0] === r.at(-1)?.[0] && r[0][1] === r.at(-1)?.[1]), {
    message: 'the ring is not closed: its last position must repeat the first',
  });

const polygon = z.array(ring).min(1, 'a polygon needs an outer ring');

const geometries = {
  Point: z.strictObject({ type: z.literal('Point'), coordinates: position }),
  LineString: z.strictObject({ type: z.literal('LineString'), coordinates: line }),
  MultiLineString: z.strictObject({ type: z.literal('MultiLineString'), coordinates: z.array(line).min(1) }),
  Polygon: z.strictObject({ type: z.literal('Polygon'), coordinates: polygon }),
  MultiPolygon: z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1) }),
} satisfies Record<GeometryType, z.ZodType>;

/** The geometry a layer accepts: one of its types, or a clear word on which types it takes. */
export function geometrySchema(types: GeometryType[]) {
  return z.unknown().superRefine((value, ctx) => {
    const type = (value as { type?: unknown } | null)?.type;
    if (typeof value !== 'object' || value === null || typeof type !== 'string') {
      ctx.addIssue({ code: 'custom', message: `must be a GeoJSON geometry of type ${types.join(' or ')}` });
      return;
    }
    if (!types.includes(type as GeometryType)) {
      ctx.addIssue({ code: 'custom', message: `this layer takes ${types.join(' or ')}, not ${type}` });
      return;
    }
    const result = geometries[type as GeometryType].safeParse(value);
    for (const issue of result.error?.issues ?? []) ctx.addIssue({ ...issue, code: 'custom', path: issue.path });
  });
}
