import type { Response } from 'express';

/**
 * Writes part of a streamed answer and, when the client reads slower than the server writes, waits
 * until it has taken what was written — or has gone, so a download a client abandons never holds
 * the request open. Every streamed download (layer exports, the security audit's sheet) writes
 * through this.
 */
export async function writeInTurn(res: Response, text: string): Promise<void> {
  if (!text || res.destroyed || res.write(text)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
