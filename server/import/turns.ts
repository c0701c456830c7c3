import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * What an import does in the thread that answers requests after its worker has read the file
 * (checking places, finding duplicates, planning and validating the writes) is a loop over every
 * row: 100,000 rows held the event loop for seconds at a time. Such a loop gives the loop a turn
 * every so many rows, so the requests that arrive meanwhile are answered between them.
 */
export const ROWS_PER_TURN = 2000;

export async function turnEvery(i: number): Promise<void> {
  if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
}
