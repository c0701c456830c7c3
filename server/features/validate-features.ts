import { coordAll } from '@turf/turf';
import type { Geometry } from 'geojson';
import { type NamedProblem, namedIssues, pathName } from '../input/named-issues.ts';
import { type FeatureInput, featureSchema, writableProperties } from '../layers/feature-schema.ts';
import type { LayerDef } from '../layers/registry.ts';
import type { BBox, Store } from '../store/index.ts';
import { InvalidFeatures } from './errors.ts';

/** How far past the district's box a feature may lie before it needs saying that it is meant (≈ 20 km). */
const DISTRICT_MARGIN_DEG = 0.2;

function outside(geometry: Geometry, box: BBox): number[] | undefined {
  const m = DISTRICT_MARGIN_DEG;
  return coordAll(geometry).find(
    ([lon, lat]) => lon < box[0] - m || lon > box[2] + m || lat < box[1] - m || lat > box[3] + m,
  );
}

interface ValidationOptions {
  /** The client says a feature far outside the district is intended. */
  allowOutsideDistrict: boolean;
}

/**
 * Checks features against their layer's schema, then PostGIS's idea of validity, then the
 * district's extent. Every problem is reported at once, named by its place in the request, as
 * `InvalidFeatures`: the editing API, scenarios and the import all write only what passes here.
 */
export async function validateFeatures(
  store: Store,
  layer: LayerDef,
  bodies: Array<{ value: unknown; prefix: string }>,
  options: ValidationOptions,
): Promise<FeatureInput[]> {
  const schema = featureSchema(layer);
  const params: NamedProblem[] = [];
  const parsed: Array<{ feature: FeatureInput; prefix: string }> = [];
  for (const { value, prefix } of bodies) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      params.push({
        name: prefix || 'body',
        reason: 'must be a GeoJSON Feature (or, to create several, a FeatureCollection)',
      });
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) parsed.push({ feature: result.data as FeatureInput, prefix });
    else params.push(...namedIssues(prefix, result.error.issues));
  }
  if (params.length) throw new InvalidFeatures(params);

  const problems = await store.geometryProblems(parsed.map((p) => p.feature.geometry));
  problems.forEach((reason, i) => {
    if (reason) params.push({ name: pathName(parsed[i].prefix, ['geometry']), reason: `is not valid: ${reason}` });
  });
  if (params.length) throw new InvalidFeatures(params);

  const district = options.allowOutsideDistrict ? null : await store.districtExtent();
  if (district) {
    for (const { feature, prefix } of parsed) {
      const position = outside(feature.geometry, district);
      if (position) {
        params.push({
          name: pathName(prefix, ['geometry']),
          reason: `position ${position.join(', ')} is far outside the district; if that is intended, send the request again with ?allow_outside_district=true`,
        });
      }
    }
  }
  if (params.length) throw new InvalidFeatures(params);

  // Only what the store keeps goes on: links and the server's own fields are dropped here.
  return parsed.map(({ feature: { type, id, geometry, properties } }) => ({
    type,
    ...(id === undefined ? {} : { id }),
    geometry,
    properties: writableProperties(layer, properties),
  }));
}
