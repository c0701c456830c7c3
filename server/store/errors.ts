/** What a write can run into, in the store's words; the HTTP layer turns them into statuses. */

export class FeatureNotFound extends Error {
  constructor(
    readonly layer: string,
    readonly id: string,
  ) {
    super(`There is no feature ${id} in ${layer}.`);
  }
}

/** Someone else changed the feature (or the scenario) since the client read it. */
export class StaleRevision extends Error {
  constructor(
    readonly expected: number,
    readonly current: number,
    what: 'feature' | 'scenario' = 'feature',
  ) {
    super(`The ${what} is at revision ${current}, not ${expected}: someone changed it since you read it.`);
  }
}

/** A feature (or another record) with the same key exists already. */
export class DuplicateFeature extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/**
 * A value the database refused as data: out of its column's range, text it cannot hold, a missing
 * required value, a rule of the layer broken. The client's to fix; validation should have caught
 * it first, so this is the net beneath. `column` is set when the database says which.
 */
export class InvalidValue extends Error {
  constructor(
    readonly column: string | undefined,
    readonly reason: string,
  ) {
    super(column ? `${column}: ${reason}` : reason);
  }
}

/** Reasons by SQLSTATE, in the user's terms; the database's own message (SQL, values) never goes out. */
const REFUSALS: Record<string, string> = {
  '22001': 'is too long',
  '22003': 'is out of range',
  '22007': 'is not a valid date or time',
  '22008': 'is not a valid date or time',
  '22021': 'contains a character that cannot be stored',
  '22023': 'is not a value this field takes',
  '22P02': 'is not a value this field takes',
  '22P05': 'contains a character that cannot be stored',
  '23502': 'is required',
  '23514': 'breaks a rule of the layer',
  '54001': 'is nested too deeply',
};

interface DatabaseError {
  code: string;
  column?: string;
  constraint?: string;
  table?: string;
}

/** The column a refusal names: directly, or from a CHECK constraint named {table}_{column}_check. */
function columnOf({ column, constraint, table }: DatabaseError): string | undefined {
  if (column) return column;
  const check = constraint && table ? new RegExp(`^${table}_(.+)_check$`).exec(constraint) : null;
  if (check) return check[1];
  return constraint && table && constraint.startsWith(`${table}_geom_`) ? 'geometry' : undefined;
}

/**
 * A PostgreSQL error (from pg or PGlite) in the store's words where it is the client's doing:
 * data exceptions (class 22), a missing or rule-breaking value (23502, 23514) and a duplicate key
 * (23505). Anything else, the server's fault, goes on as it is.
 */
export function fromDatabase(error: unknown): unknown {
  const code = (error as Partial<DatabaseError> | null)?.code;
  if (typeof code !== 'string') return error;
  if (code === '23505') return new DuplicateFeature('A record with this key exists already.');
  const reason = REFUSALS[code] ?? (code.startsWith('22') ? 'is not a value the database accepts' : undefined);
  return reason ? new InvalidValue(columnOf(error as DatabaseError), reason) : error;
}

/** The embedded store's queue is full: too much work is waiting for its one connection. Try again shortly. */
export class StoreBusy extends Error {
  constructor(
    readonly waiting: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`The store has ${waiting} operations waiting, as many as it queues; try again in ${retryAfterSeconds} s.`);
  }
}

export class ScenarioNotFound extends Error {
  constructor(readonly id: string) {
    super(`There is no scenario ${id}.`);
  }
}

/** The scenario holds no proposal of that id, promoted or not. */
export class ProposalNotFound extends Error {
  constructor(
    readonly scenarioId: string,
    readonly proposalId: string,
  ) {
    super(`Scenario ${scenarioId} has no proposal ${proposalId}.`);
  }
}

/** A proposal is built once: it became a feature already. */
export class ProposalPromoted extends Error {
  constructor(
    readonly proposalId: string,
    readonly featureId: string,
    readonly layer: string,
  ) {
    super(`Proposal ${proposalId} was promoted already: it is feature ${featureId} of ${layer}.`);
  }
}

export class IncidentNotFound extends Error {
  constructor(readonly id: string) {
    super(`There is no incident ${id}.`);
  }
}

/** An entry the incident's timeline does not take at this point (server/incidents/timeline.ts says why). */
export class StageOutOfOrder extends Error {
  constructor(
    readonly stage: string,
    readonly reason: string,
  ) {
    super(`stage ${stage}: ${reason}`);
  }
}

/**
 * A write to a layer kept per county (hazards, risk zones…) from a province view, which reads every
 * county of its prefix and belongs to none: the county's own API writes it.
 */
export class CountyRequired extends Error {
  constructor(
    readonly layer: string,
    readonly prefix: string,
  ) {
    const view = prefix || 'all';
    super(`This API is a province view (ONEMAP_COUNTY=${view}): ${layer} is written through its county's own API.`);
  }
}
