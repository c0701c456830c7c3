import type { Label } from '../../catalog/label.ts';
import type { Candidate } from './check/candidates.ts';
import { ImportError, ImportTooLarge } from './errors.ts';
import { type Parsed, type ParseRequest, parseFile } from './parse.ts';
import { ROWS_PER_TURN } from './turns.ts';

/**
 * The worker's side of an import (parse-pool.ts is the other): parses one file per message. The rows
 * go back ahead of the rest in slices, each its own message, so the thread answering requests copies
 * them in a turn each rather than 100,000 in one. A file refused for what it is comes back as data,
 * so its reason crosses the thread intact; anything else thrown is a failure of the worker.
 */

export interface ParseMessage {
  chunks: Uint8Array[];
  request: ParseRequest;
}

/** The parse without its rows, which came ahead of it, or why the file was refused. */
export type ParseReply = { parsed: Parsed } | { refused: { part: string; words: Label; tooLarge: boolean } };

export async function handle(
  { chunks, request }: ParseMessage,
  emit: (rows: Candidate[]) => void,
): Promise<ParseReply> {
  try {
    const parsed = await parseFile(chunks, request);
    for (let i = 0; i < parsed.candidates.length; i += ROWS_PER_TURN)
      emit(parsed.candidates.slice(i, i + ROWS_PER_TURN));
    return { parsed: { ...parsed, candidates: [] } };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { refused: { part: error.part, words: error.words, tooLarge: error instanceof ImportTooLarge } };
  }
}
