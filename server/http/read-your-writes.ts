import type { RequestHandler, Response } from 'express';
import { formatLsn, POSITION_HEADER, parseLsn } from '../../catalog/commit-position.ts';
import { withReadSession } from '../store/read-session.ts';
import { invalidParam } from './problem.ts';

/** Calls `before` just as the response's headers go out: every response passes through writeHead. */
function beforeHeaders(res: Response, before: () => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    before();
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}

/**
 * Read-your-writes at the edge (catalog/commit-position.ts). Each request is a read session: its
 * reads see the position the client sent and the request's own writes, and its response names the
 * position of its last write. Mounted after the body parsers, whose stream callbacks would otherwise
 * run the rest of the request outside the session.
 */
export function readYourWrites(): RequestHandler {
  return (req, res, next) => {
    const sent = req.get(POSITION_HEADER);
    const floor = sent === undefined ? 0n : parseLsn(sent);
    if (floor === undefined) {
      next(invalidParam(POSITION_HEADER, 'must be a commit position as the API sent it, such as 0/1A2B3C8'));
      return;
    }
    withReadSession(floor, (session) => {
      beforeHeaders(res, () => {
        if (session.committed > 0n) res.setHeader(POSITION_HEADER, formatLsn(session.committed));
      });
      next();
    });
  };
}
