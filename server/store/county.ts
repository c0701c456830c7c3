import type { LayerDef } from '../layers/registry.ts';
import type { Queryable } from './db.ts';
import { CountyRequired } from './errors.ts';

/**
 * The census layers a province holds by the million are kept per county (migration 018): each row
 * carries its county's six-digit code and the tables are partitioned by it. A store sees them through
 * a scope: the one district of its database, one county of a shared database, or a province's (or
 * every) county at once, read-only. This module turns a scope into the SQL of a read's condition and
 * a write's county, so that a county's reads name its code and PostgreSQL scans its partition alone.
 */

export type CountyScope =
  /** A database holding one district: the county of its set-up (`onemap_county()`), 000000 before one. */
  | { kind: 'district' }
  /** One county of a shared database: it reads and writes its own rows alone. */
  | { kind: 'county'; code: string }
  /** Every county whose code starts with `prefix` ('' for all): reads span them, writes are refused. */
  | { kind: 'province'; prefix: string };

/** The layers kept per county, as migration 018 partitions them. */
const COUNTY_LAYERS: ReadonlySet<string> = new Set(['hazards', 'risk_zones', 'enterprise_risks', 'population']);

export const keptPerCounty = (layer: LayerDef): boolean => COUNTY_LAYERS.has(layer.id);

/** The code a database holding one district stamps, read in the statement itself. */
const DISTRICT_CODE = '(SELECT onemap_county())';

/**
 * The condition that a row of `alias` is in the scope, its values added through `param`; undefined
 * when every row is (a layer kept whole, or a province view of all counties).
 */
export function countyCondition(
  scope: CountyScope,
  layer: LayerDef,
  alias: string,
  param: (value: unknown) => string,
): string | undefined {
  if (!keptPerCounty(layer)) return undefined;
  const column = `${alias}.county_code`;
  switch (scope.kind) {
    case 'district':
      return `${column} = ${DISTRICT_CODE}`;
    case 'county':
      return `${column} = ${param(scope.code)}`;
    case 'province':
      // A range rather than LIKE, so that PostgreSQL prunes partitions and uses the keys' index.
      return scope.prefix
        ? `${column} BETWEEN ${param(scope.prefix.padEnd(6, '0'))} AND ${param(scope.prefix.padEnd(6, '9'))}`
        : undefined;
  }
}

/** `countyCondition` appended to a list of parameters, as `AND …`, or '' when none applies. */
export function andInCounty(scope: CountyScope, layer: LayerDef, alias: string, params: unknown[]): string {
  const condition = countyCondition(scope, layer, alias, (value) => {
    params.push(value);
    return `$${params.length}`;
  });
  return condition ? ` AND ${condition}` : '';
}

/**
 * The county a write to `layer` stamps: a parameter's value, or undefined where the column's default
 * (the district's code) does. A province view writes to no county: CountyRequired.
 */
export function writtenCounty(scope: CountyScope, layer: LayerDef): string | undefined {
  if (!keptPerCounty(layer) || scope.kind === 'district') return undefined;
  if (scope.kind === 'province') throw new CountyRequired(layer.id, scope.prefix);
  return scope.code;
}

/** Refuses a write to a county layer in a province view, before anything is read or locked. */
export function refuseProvinceWrite(scope: CountyScope, layer: LayerDef): void {
  writtenCounty(scope, layer);
}

/**
 * Makes the county's partitions when they are missing (migration 018's onemap_add_county, which moves
 * its rows out of the DEFAULT partition), once per process and code; 000000, a district not yet set
 * up, stays in the DEFAULT. Outside any write's transaction: it takes a lock on the partitioned tables.
 */
export function countyPartitions(db: Queryable, scope: CountyScope): { ensure(): Promise<void> } {
  const made = new Set<string>();
  return {
    async ensure() {
      if (scope.kind === 'province') return;
      const code =
        scope.kind === 'county'
          ? scope.code
          : (await db.query<{ code: string }>('SELECT onemap_county() AS code'))[0].code;
      if (code === '000000' || made.has(code)) return;
      await db.query('SELECT onemap_add_county($1)', [code]);
      made.add(code);
    },
  };
}
