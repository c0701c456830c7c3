/** What a write can run into, in the store's words; the HTTP layer turns them into statuses. */

export class FeatureNotFound extends Error {
  constructor(
    readonly layer: string,
    readonly id: string,
  ) {
    super(`There is no feature ${id} in ${layer}.`);
  }
}

/** Someone else changed the feature since the client read it. */
export class StaleRevision extends Error {
  constructor(
    readonly expected: number,
    readonly current: number,
  ) {
    super(`The feature is at revision ${current}, not ${expected}: someone changed it since you read it.`);
  }
}

export class DuplicateFeature extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
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
