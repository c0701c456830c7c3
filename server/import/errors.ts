import type { Label } from '../../catalog/label.ts';

/**
 * A file that cannot be imported at all: unreadable, hostile, or without anything to place on the
 * map. `part` says which part (the file, an archive entry, an option) so the API can name it in
 * `invalid-params` and the CLI can print it as it is. The reason is said in both of the product's
 * languages where it is written, so the web map shows it in the planner's language and no other
 * file keeps a copy of it; `reason` is the English, as the command line prints it.
 */
export class ImportError extends Error {
  constructor(
    readonly part: string,
    readonly words: Label,
  ) {
    super(`${part}: ${words.en}`);
  }

  get reason(): string {
    return this.words.en;
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

export function refuse(part: string, zh: string, en: string): never {
  throw new ImportError(part, { zh, en });
}

export function tooLarge(part: string, zh: string, en: string): never {
  throw new ImportTooLarge(part, { zh, en });
}
