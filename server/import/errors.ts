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

export function refuse(part: string, reason: string): never {
  throw new ImportError(part, reason);
}
