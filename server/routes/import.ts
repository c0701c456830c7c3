import type { Request, Response } from 'express';
import { userOf } from '../http/auth.ts';
import { messageLanguageOf } from '../http/language.ts';
import { HttpProblem, invalidParam } from '../http/problem.ts';
import { auditSecurity } from '../http/security-audit.ts';
import {
  ImportError,
  type ImportOptions,
  type ImportReport,
  ImportTooLarge,
  ImportUnavailable,
  type ImportWorkers,
  importFile,
  LIMITS,
  workerParser,
} from '../import/index.ts';
import { textProblem } from '../input/plain-text.ts';
import type { Label } from '../layers/registry.ts';
import type { Store } from '../store/index.ts';
import { collectionId, json, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

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
    door: 'api',
    language: messageLanguageOf(req),
  };
}

const TITLES = {
  tooLarge: { zh: '文件太大,无法导入', en: 'File too large to import' },
  cannotImport: { zh: '无法导入此文件', en: 'Cannot import this file' },
  refused: { zh: '导入被拒绝', en: 'Import refused' },
};

function bodyTooLarge(res: Response, lang: keyof Label): HttpProblem {
  // The rest of the body is not read: the connection closes after the answer.
  res.set('Connection', 'close');
  const reason = { zh: `大于 ${LIMITS.fileBytes} 字节`, en: `is larger than ${LIMITS.fileBytes} bytes` }[lang];
  return new HttpProblem(413, TITLES.tooLarge[lang], `body: ${reason}`, [{ name: 'body', reason }]);
}

/**
 * The body as sent, whatever its type (the app's JSON parser leaves imports alone), as the chunks it
 * arrived in, never joined here: they move to the worker that joins them, so no request waits while
 * a 100 MB file is copied in one piece. Node hands each chunk over in memory of its own, which can
 * move as it is; one that shares its memory is copied, a small copy.
 */
async function readBody(req: Request, res: Response): Promise<Uint8Array[]> {
  const lang = messageLanguageOf(req);
  if (Number(req.get('content-length')) > LIMITS.fileBytes) throw bodyTooLarge(res, lang);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > LIMITS.fileBytes) throw bodyTooLarge(res, lang);
    const owned = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength;
    chunks.push(owned ? chunk : new Uint8Array(chunk));
  }
  if (total === 0) {
    throw invalidParam('body', { zh: '请把文件作为请求体发送', en: 'send the file as the request body' }[lang]);
  }
  return chunks;
}

/**
 * A file refused, in HTTP's words and the language the client asked for: too large to read is 413,
 * busy is 503 with when to come back, the rest 400.
 */
function problemOf(error: unknown, res: Response, lang: keyof Label): HttpProblem {
  if (error instanceof ImportUnavailable) {
    res.set('Retry-After', String(error.retryAfterSeconds));
    return new HttpProblem(503, 'Service unavailable', `${error.message}; try again in ${error.retryAfterSeconds} s`);
  }
  if (!(error instanceof ImportError)) throw error;
  const reason = error.words[lang];
  const params = [{ name: error.part, reason }];
  const detail = `${error.part}: ${reason}`;
  if (error.part === 'layer' && /no layer/.test(error.reason)) return new HttpProblem(404, 'Not found', detail, params);
  if (error instanceof ImportTooLarge) return new HttpProblem(413, TITLES.tooLarge[lang], detail, params);
  return new HttpProblem(400, TITLES.cannotImport[lang], detail, params);
}

/** Rows with problems stop an all-or-nothing import: 422, the problems named, the full report beside them. */
function refused(res: Response, req: Request, report: ImportReport): void {
  const params = report.problems
    .slice(0, 200)
    .map((p) => ({ name: `${report.unit} ${p.row}: ${p.column}`, reason: p.reason }));
  res
    .status(422)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: TITLES.refused[messageLanguageOf(req)],
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

const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) =>
  ({ name, in: 'query', description, schema }) as const;
const yesNo = { type: 'boolean' };

/**
 * `POST /import/{layer}`: the file is the body, the options are query parameters, the answer is
 * the import report. Staff only; checked before the body is read. The file is parsed in a worker
 * thread (import/parse-pool.ts), so other requests are answered while it is read.
 */
export function importOperations(store: Store, workers?: ImportWorkers): Operation[] {
  const parser = workerParser(workers);
  return [
    operation({
      method: 'post',
      path: '/import/{layer}',
      role: 'planner',
      operationId: 'importFile',
      summary: 'Import a file into a layer (planners): the report first, all or nothing',
      tags: ['import'],
      parameters: [
        { ...collectionId, name: 'layer' },
        query('filename', 'The file’s name; its extension and census table code are read.'),
        query('crs', 'The coordinate system when the file does not say, e.g. EPSG:4549.'),
        query('gcj02', 'true: coordinates are GCJ-02 (AMap, Tencent).', yesNo),
        query('bd09', 'true: coordinates are BD-09 (Baidu).', yesNo),
        query('map', 'Column=field pairs, comma-separated, e.g. 场所名称=name.'),
        query('dry_run', 'true: the report only, nothing written.', yesNo),
        query('skip_bad', 'true: write the good rows, skip those with problems.', yesNo),
        query('source', 'The source recorded on every feature.'),
        query('allow_outside_district', 'true: import features far outside the district on purpose.', yesNo),
      ],
      bodySchema: { type: 'string', format: 'binary' },
      body: { types: ['application/octet-stream'] },
      responses: {
        '200': { description: 'The import report.', ...json({ type: 'object' }) },
        '400': problem('The file cannot be read; invalid-params names the part.'),
        '413': problem(
          'The file is larger than one import reads (a line over 1 MB, over 500 columns or 500,000 rows, more memory or time than a worker has); invalid-params names the file.',
        ),
        '422': problem('Rows have problems, so nothing was written; the report is included.'),
        '503': problem('Every import worker is busy and the queue is full; Retry-After says when to try again.'),
      },
      handler: async (req, res) => {
        const options = optionsOf(req, res);
        const bytes = await readBody(req, res);
        let report: ImportReport;
        try {
          report = await importFile(store, bytes, options, parser.parse);
        } catch (error) {
          throw problemOf(error, res, messageLanguageOf(req));
        }
        if (!report.result.written && !report.result.dryRun && report.rows.withProblems > 0 && !report.result.skipBad) {
          refused(res, req, report);
          return;
        }
        if (report.result.written) await auditImport(store, req, res, report);
        res.json(report);
      },
    }),
  ];
}
