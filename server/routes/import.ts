import express, { type Request, type Response, Router } from 'express';
import { requireRole, userOf } from '../http/auth.ts';
import { HttpProblem, invalidParam } from '../http/problem.ts';
import { auditSecurity } from '../http/security-audit.ts';
import { ImportError, type ImportOptions, type ImportReport, importFile, LIMITS } from '../import/index.ts';
import { textProblem } from '../input/plain-text.ts';
import type { Store } from '../store/index.ts';

const FLAGS = ['gcj02', 'bd09', 'dry_run', 'skip_bad', 'allow_outside_district'] as const;
const TEXTS = ['filename', 'crs', 'map', 'source'] as const;

function flag(req: Request, name: (typeof FLAGS)[number]): boolean {
  const value = req.query[name];
  if (value === undefined) return false;
  if (value !== 'true' && value !== 'false') throw invalidParam(name, 'must be true or false');
  return value === 'true';
}

/** The CLI's options as query parameters; an unknown one is a typo worth hearing about. */
function optionsOf(req: Request, res: Response): ImportOptions {
  for (const name of Object.keys(req.query)) {
    if (!(FLAGS as readonly string[]).includes(name) && !(TEXTS as readonly string[]).includes(name)) {
      throw invalidParam(name, 'is not a parameter of an import');
    }
  }
  for (const name of TEXTS) {
    const value = req.query[name];
    if (value !== undefined && typeof value !== 'string') throw invalidParam(name, 'must be given once');
    // The source is stored with every feature and a mapping is kept for the next import.
    const problem = value === undefined ? undefined : textProblem(value);
    if (problem) throw invalidParam(name, problem);
  }
  const gcj02 = flag(req, 'gcj02');
  const bd09 = flag(req, 'bd09');
  if (gcj02 && bd09) throw invalidParam('bd09', 'cannot be combined with gcj02');
  const text = (name: (typeof TEXTS)[number]) => req.query[name] as string | undefined;
  return {
    filename: text('filename') ?? 'upload',
    layer: String(req.params.layer),
    crs: text('crs'),
    offset: gcj02 ? 'gcj02' : bd09 ? 'bd09' : undefined,
    map: text('map'),
    dryRun: flag(req, 'dry_run'),
    skipBad: flag(req, 'skip_bad'),
    source: text('source'),
    allowOutsideDistrict: flag(req, 'allow_outside_district'),
    user: userOf(res),
  };
}

/** The body as sent. A JSON file (GeoJSON) was already parsed by the app's JSON parser, within its limit. */
function bodyOf(req: Request): Buffer {
  if (Buffer.isBuffer(req.body) && req.body.length > 0) return req.body;
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body))
    return Buffer.from(JSON.stringify(req.body));
  throw invalidParam('body', 'send the file as the request body');
}

/** Rows with problems stop an all-or-nothing import: 422, the problems named, the full report beside them. */
function refused(res: Response, req: Request, report: ImportReport): void {
  const params = report.problems
    .slice(0, 200)
    .map((p) => ({ name: `${report.unit} ${p.row}: ${p.column}`, reason: p.reason }));
  res.status(422).type('application/problem+json').json({
    type: 'about:blank',
    title: 'Import refused',
    status: 422,
    detail: report.result.reason,
    instance: req.originalUrl,
    'invalid-params': params,
    report,
  });
}

/** A written import in the security audit: who, into which layer, from which file, how many rows. */
function auditImport(store: Store, req: Request, res: Response, report: ImportReport): Promise<void> {
  const { created, updated, unchanged, skipped } = report.result;
  return auditSecurity(store, req, res, {
    event: 'import',
    details: { layer: report.layer, file: report.file, rows: report.rows.total, created, updated, unchanged, skipped },
  });
}

/**
 * `POST /import/{layer}`: the file is the body, the options are query parameters, the answer is
 * the import report. Staff only; checked before the body is read.
 */
export function importRouter(store: Store): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: LIMITS.fileBytes });

  router.post('/import/:layer', requireRole('planner'), raw, async (req, res) => {
    const options = optionsOf(req, res);
    const bytes = bodyOf(req);
    let report: ImportReport;
    try {
      report = await importFile(store, bytes, options);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      const status = error.part === 'layer' && /no layer/.test(error.reason) ? 404 : 400;
      throw new HttpProblem(status, status === 404 ? 'Not found' : 'Cannot import this file', error.message, [
        { name: error.part, reason: error.reason },
      ]);
    }
    if (!report.result.written && !report.result.dryRun && report.rows.withProblems > 0 && !report.result.skipBad) {
      refused(res, req, report);
      return;
    }
    if (report.result.written) await auditImport(store, req, res, report);
    res.json(report);
  });

  return router;
}
