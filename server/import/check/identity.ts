import { createHash } from 'node:crypto';
import type { Geometry } from 'geojson';

/**
 * What makes a re-import update instead of duplicate: the store matches features by source and
 * external id. The external id comes from the file's id column (编号/ID/external_id) where there is
 * one; otherwise from a hash of the row's name and position, which is stable as long as those stay
 * the same. The source is the one the user gives, else the one the row itself carries (a OneMap
 * export does), else the file's name.
 */

export function rowHash(name: unknown, geometry: Geometry): string {
  const rounded = JSON.stringify(geometry, (_key, value) =>
    typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : value,
  );
  return `h-${createHash('sha256')
    .update(JSON.stringify([String(name ?? ''), rounded]))
    .digest('hex')
    .slice(0, 16)}`;
}

export interface IdentityPlan {
  externalIdColumn?: string;
  sourceColumn?: string;
  givenSource?: string;
  fileSource: string;
}

export function describeIdentity(
  plan: IdentityPlan,
  hashed: number,
  total: number,
): { external_id: string; source: string } {
  const external_id = !plan.externalIdColumn
    ? 'no id column (编号/ID/external_id): each row is identified by a hash of its name and position, so a row whose name or position changes is imported as a new feature'
    : hashed > 0
      ? `from column ${plan.externalIdColumn}; ${hashed} of ${total} rows without one are identified by a hash of their name and position`
      : `from column ${plan.externalIdColumn}`;
  const source = plan.givenSource
    ? `"${plan.givenSource}", as given`
    : plan.sourceColumn
      ? `from column ${plan.sourceColumn} where a row has one, else "${plan.fileSource}" (the file's name)`
      : `"${plan.fileSource}" (the file's name)`;
  return { external_id, source };
}
