import { ImportError, ImportTooLarge } from './errors.ts';
import { type Parsed, type ParseRequest, parseFile } from './parse.ts';

/**
 * The worker's side of an import (parse-pool.ts is the other): parses one file per message. A file
 * refused for what it is comes back as data, so its reason crosses the thread intact; anything else
 * thrown is a failure of the worker.
 */

export interface ParseMessage {
  chunks: Uint8Array[];
  request: ParseRequest;
}

export type ParseReply = { parsed: Parsed } | { refused: { part: string; reason: string; tooLarge: boolean } };

export async function handle({ chunks, request }: ParseMessage): Promise<ParseReply> {
  try {
    return { parsed: await parseFile(chunks, request) };
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    return { refused: { part: error.part, reason: error.reason, tooLarge: error instanceof ImportTooLarge } };
  }
}
