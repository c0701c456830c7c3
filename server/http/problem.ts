import type { ErrorRequestHandler, Response } from 'express';

export interface InvalidParam {
  name: string;
  reason: string;
}

/** An error a client can act on, sent as RFC 9457 problem+json with the offending fields named. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly invalidParams: InvalidParam[] = [],
  ) {
    super(detail);
  }
}

export function invalidParam(name: string, reason: string): HttpProblem {
  return new HttpProblem(400, 'Invalid request', `${name}: ${reason}`, [{ name, reason }]);
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, 'Not found', detail);
}

export function sendProblem(res: Response, problem: HttpProblem, instance: string): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      detail: problem.message,
      instance,
      ...(problem.invalidParams.length ? { 'invalid-params': problem.invalidParams } : {}),
    });
}

/** Known problems go out as they are; anything else is logged and hidden behind a plain 500. */
export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  if (error instanceof HttpProblem) return sendProblem(res, error, req.originalUrl);
  const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) console.error(error);
  const detail = status === 500 ? 'The server could not complete the request.' : String(error.message ?? error);
  sendProblem(res, new HttpProblem(status, status === 500 ? 'Internal error' : 'Bad request', detail), req.originalUrl);
};
