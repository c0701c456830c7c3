import type { ErrorRequestHandler, Response } from 'express';
import type { Label } from '../../catalog/label.ts';
import { InvalidFeatures } from '../features/errors.ts';
import {
  CountyRequired,
  DuplicateFeature,
  FeatureNotFound,
  IncidentNotFound,
  InvalidValue,
  ProposalNotFound,
  ProposalPromoted,
  ScenarioNotFound,
  StageOutOfOrder,
  StaleRevision,
  StoreBusy,
} from '../store/errors.ts';
import { CameraUnfit, DemRefused, NoDem, ObserverOffDem } from '../terrain/errors.ts';
import { messageLanguageOf } from './language.ts';
import { inChinese } from './reason-words.ts';

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

/** A request refused for every problem named at once (the first 50 of them). */
export function refuse(params: InvalidParam[]): HttpProblem {
  const shown = params.slice(0, 50);
  const detail = shown.map((p) => `${p.name}: ${p.reason}`).join('; ');
  return new HttpProblem(400, 'Invalid request', detail, shown);
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, 'Not found', detail);
}

/**
 * A problem in the reader's words: in Chinese, the title, each field's reason and the detail (said
 * again from the reasons when there are some) go through the table of reason-words.ts.
 */
function inLanguage(problem: HttpProblem, lang: keyof Label) {
  const params = problem.invalidParams;
  if (lang === 'en') return { title: problem.title, detail: problem.message, params };
  const said = params.map((p) => ({ name: p.name, reason: inChinese(p.reason) }));
  const detail = said.length ? said.map((p) => `${p.name}: ${p.reason}`).join('; ') : inChinese(problem.message);
  return { title: inChinese(problem.title), detail, params: said };
}

export function sendProblem(res: Response, problem: HttpProblem, instance: string, lang: keyof Label = 'en'): void {
  const { title, detail, params } = inLanguage(problem, lang);
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title,
      status: problem.status,
      detail,
      instance,
      ...(params.length ? { 'invalid-params': params } : {}),
    });
}

/** The store's, validation's, the router's and the body parser's errors, in HTTP's words. */
function translate(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof InvalidFeatures) return refuse(error.problems);
  if (
    error instanceof FeatureNotFound ||
    error instanceof ScenarioNotFound ||
    error instanceof ProposalNotFound ||
    error instanceof IncidentNotFound
  )
    return notFound(error.message);
  if (error instanceof StageOutOfOrder) {
    return new HttpProblem(409, 'Conflict', error.message, [{ name: 'stage', reason: error.reason }]);
  }
  if (error instanceof ProposalPromoted) return new HttpProblem(409, 'Conflict', error.message);
  if (error instanceof CountyRequired) {
    const view = error.prefix || 'all';
    return new HttpProblem(409, 'Conflict', error.message, [
      { name: 'county_code', reason: `is needed: a province view (ONEMAP_COUNTY=${view}) writes to no county` },
    ]);
  }
  if (error instanceof StaleRevision) {
    return new HttpProblem(412, 'Precondition failed', `If-Match: ${error.message} Read it again and redo your edit.`, [
      { name: 'If-Match', reason: `it is now at revision ${error.current}` },
    ]);
  }
  if (error instanceof DuplicateFeature) return new HttpProblem(409, 'Conflict', error.message);
  if (error instanceof InvalidValue) return invalidParam(error.column ?? 'body', error.reason);
  // The router could not decode a percent-escape in the path: the route, and so the parameter, is unknown.
  if (error instanceof URIError) return invalidParam('path', 'has a percent-escape that is not UTF-8 text');
  if (error instanceof StoreBusy) return new HttpProblem(503, 'Service unavailable', error.message);
  if (error instanceof DemRefused) {
    return new HttpProblem(400, 'Cannot use this DEM', error.message, [{ name: error.field, reason: error.reason }]);
  }
  if (error instanceof NoDem) return notFound(error.message);
  if (error instanceof ObserverOffDem) {
    return new HttpProblem(422, 'Cannot compute', error.message, [{ name: 'cameraId', reason: error.message }]);
  }
  if (error instanceof CameraUnfit) {
    return new HttpProblem(422, 'Cannot compute', error.message, [{ name: error.field, reason: error.reason }]);
  }
  const type = (error as { type?: string })?.type;
  if (type === 'entity.parse.failed') return invalidParam('body', 'is not valid JSON');
  if (type === 'entity.too.large') {
    return new HttpProblem(413, 'Payload too large', 'body: is larger than the server accepts', [
      { name: 'body', reason: 'is too large' },
    ]);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new HttpProblem(415, 'Unsupported media type', 'body: must be UTF-8 JSON', [
      { name: 'body', reason: 'must be UTF-8' },
    ]);
  }
  return undefined;
}

/** Known problems go out as they are; anything else is logged and hidden behind a plain 500. */
export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const problem = translate(error);
  if (problem) {
    if (problem.status === 412 && error instanceof StaleRevision) res.set('ETag', `"${error.current}"`);
    if (error instanceof StoreBusy) res.set('Retry-After', String(error.retryAfterSeconds));
    return sendProblem(res, problem, req.originalUrl, messageLanguageOf(req));
  }
  const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) console.error(error);
  const detail = status === 500 ? 'The server could not complete the request.' : String(error.message ?? error);
  const answer = new HttpProblem(status, status === 500 ? 'Internal error' : 'Bad request', detail);
  sendProblem(res, answer, req.originalUrl, messageLanguageOf(req));
};
