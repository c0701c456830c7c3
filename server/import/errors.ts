/**
 * A file that cannot be imported at all: unreadable, hostile, or without anything to place on the
 * map. `part` says which part (the file, an archive entry, an option) so the API can name it in
 * `invalid-params` and the CLI can print it as it is.
 */
export class ImportError extends Error {
  constructor(
    readonly part: string,
    readonly reason: string,
  ) {
    super(`${part}: ${reason}`);
  }
}

/** A file beyond what one import reads (too long a line, too many columns or rows, too much memory): split it. */
export class ImportTooLarge extends ImportError {}

/** Nothing is wrong with the file, but it cannot be read now (every worker busy, the queue full): try again later. */
export class ImportUnavailable extends Error {
  constructor(
    reason: string,
    readonly retryAfterSeconds: number,
  ) {
    super(reason);
  }
}

export function refuse(part: string, reason: string): never {
  throw new ImportError(part, reason);
}

export function tooLarge(part: string, reason: string): never {
  throw new ImportTooLarge(part, reason);
}
