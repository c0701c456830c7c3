import type { Request, Response } from 'express';
import type { Dataset } from '../../catalog/datasets.ts';
import type { Profile } from '../analysis/types.ts';
import {
  auditEntry,
  type CrsOption,
  type DistrictInput,
  DistrictRefused,
  type DistrictReport,
  profileResolver,
  setUpDistrict,
  type Words,
} from '../district/index.ts';
import { userOf } from '../http/auth.ts';
import { readForm } from '../http/form-data.ts';
import { HttpProblem } from '../http/problem.ts';
import { auditSecurity } from '../http/security-audit.ts';
import { ImportUnavailable, type ImportWorkers, workerParser } from '../import/index.ts';
import { textProblem } from '../input/plain-text.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import { shippedProfiles } from '../profile.ts';
import type { Store } from '../store/index.ts';
import { languageOf } from './language.ts';
import { json, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

/**
 * A district set up over HTTP, as `npm run district` sets it up on the command line: an HTML form
 * (multipart/form-data) carries the boundary file and, optionally, the townships' and villages'
 * files with the name, code, profile, coordinate system and whether to clear the demo, so one
 * request is one transaction and the store is never left with a boundary but not its townships.
 * `dry_run=true` answers what the set-up would do and writes nothing: the screen shows it before the
 * administrator confirms. Refusals name the form's field in the reader's language; every set-up that
 * wrote goes to the security audit.
 */

type Lang = keyof Words;

const MB = 1024 * 1024;
/** A district's areas are small: DataV's county file is under 1 MB, a county's villages a few MB. */
const FILE_BYTES = 32 * MB;
const FILES = ['boundary', 'townships', 'villages'] as const;
const TEXTS = ['name', 'code', 'profile', 'crs', 'clear_demo'] as const;
const CRS: Record<string, CrsOption | undefined> = {
  '': undefined,
  auto: undefined,
  wgs84: 'wgs84',
  gcj02: 'gcj02',
  bd09: 'bd09',
};
const adminAreas = findLayer('admin_areas') as LayerDef;

function refusal(lang: Lang, name: string, words: Words, status = 400): HttpProblem {
  const reason = words[lang];
  const title = status === 413 ? 'File too large' : 'Cannot set up the district';
  return new HttpProblem(status, title, `${name}: ${reason}`, [{ name, reason }]);
}

function yesNo(value: string | undefined, name: string, lang: Lang): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw refusal(lang, name, { zh: '只能是 true 或 false', en: 'must be true or false' });
}

/** A file of the form as the set-up reads it; absent when the field was left empty. */
async function areaFile(value: File, name: string, lang: Lang): Promise<DistrictInput['boundary'] | undefined> {
  if (value.size === 0 && value.name === '') return undefined;
  if (value.size > FILE_BYTES) {
    const words = { zh: `文件大于 ${FILE_BYTES / MB} MB`, en: `is larger than ${FILE_BYTES / MB} MB` };
    throw refusal(lang, name, words, 413);
  }
  const filename = value.name.split(/[\\/]/).pop() || name;
  const problem = textProblem(filename);
  if (problem) throw refusal(lang, name, { zh: `文件名含有不能保存的字符`, en: `its file name ${problem}` });
  return { bytes: Buffer.from(await value.arrayBuffer()), filename };
}

/** The form's fields as the set-up's input: each known field at most once, files as files, text as text. */
async function formInput(form: FormData, lang: Lang): Promise<Omit<DistrictInput, 'user'>> {
  const files: Partial<Record<(typeof FILES)[number], DistrictInput['boundary']>> = {};
  const texts: Partial<Record<(typeof TEXTS)[number], string>> = {};
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name);
    if (values.length > 1) throw refusal(lang, name, { zh: '只能给出一次', en: 'must be given once' });
    const [value] = values;
    if ((FILES as readonly string[]).includes(name)) {
      if (typeof value === 'string') throw refusal(lang, name, { zh: '应为文件', en: 'must be a file' });
      files[name as (typeof FILES)[number]] = await areaFile(value, name, lang);
    } else if ((TEXTS as readonly string[]).includes(name)) {
      if (typeof value !== 'string')
        throw refusal(lang, name, { zh: '应为文字,不是文件', en: 'must be text, not a file' });
      const problem = textProblem(value);
      if (problem) throw refusal(lang, name, { zh: '含有不能保存的字符', en: problem });
      texts[name as (typeof TEXTS)[number]] = value.trim();
    } else {
      throw refusal(lang, name, { zh: '不是区县设置的字段', en: 'is not a field of a district set-up' });
    }
  }
  if (!files.boundary)
    throw refusal(lang, 'boundary', { zh: '请选择区县边界文件', en: "send the district's boundary file" });
  if (texts.crs !== undefined && !Object.hasOwn(CRS, texts.crs)) {
    throw refusal(lang, 'crs', { zh: '只能是 auto、wgs84、gcj02 或 bd09', en: 'must be auto, wgs84, gcj02 or bd09' });
  }
  // Over HTTP a profile is one data/profiles holds, by its code: never a path on the server.
  if (texts.profile && !/^\d{6}$/.test(texts.profile)) {
    throw refusal(lang, 'profile', { zh: '应为六位区划代码', en: "must be a profile's six-digit district code" });
  }
  return {
    boundary: files.boundary,
    townships: files.townships,
    villages: files.villages,
    name: texts.name || undefined,
    code: texts.code || undefined,
    profile: texts.profile || undefined,
    crs: CRS[texts.crs ?? ''],
    clearDemo: yesNo(texts.clear_demo, 'clear_demo', lang),
  };
}

function dryRunOf(req: Request, lang: Lang): boolean {
  for (const name of Object.keys(req.query)) {
    if (name !== 'dry_run')
      throw refusal(lang, name, { zh: '不是区县设置的参数', en: 'is not a parameter of a district set-up' });
  }
  const value = req.query.dry_run;
  if (value !== undefined && typeof value !== 'string')
    throw refusal(lang, 'dry_run', { zh: '只能给出一次', en: 'must be given once' });
  return yesNo(value, 'dry_run', lang);
}

/** A set-up refused, in HTTP's words: the field at fault named in the reader's language; busy readers are 503. */
function problemOf(error: unknown, lang: Lang, res: Response): HttpProblem {
  if (error instanceof DistrictRefused) return refusal(lang, error.part, error.reason);
  if (error instanceof ImportUnavailable) {
    res.set('Retry-After', String(error.retryAfterSeconds));
    return new HttpProblem(503, 'Service unavailable', `${error.message}; try again in ${error.retryAfterSeconds} s`);
  }
  throw error;
}

const districtSchema = { type: 'object' };

/**
 * `GET /district`, what the store is set up for (public, as the title is), and `POST /district`,
 * setting it up (administrators).
 */
export function districtOperations(store: Store, fixed?: Profile, workers?: ImportWorkers): Operation[] {
  const parser = workerParser(workers);
  const resolve = profileResolver(store);
  const profiles = shippedProfiles().map(({ profile }) => ({ code: profile.code, name: profile.name }));
  return [
    operation({
      method: 'get',
      path: '/district',
      operationId: 'getDistrict',
      summary: 'The district the store is set up for, its profile, and whether it is still the demo',
      tags: ['district'],
      responses: { '200': { description: 'The district.', ...json(districtSchema) } },
      handler: async (_req, res) => {
        const dataset = await store.getMeta<Dataset>('dataset');
        const { count, extent } = await store.summarize(adminAreas);
        const profile = fixed ?? (await resolve());
        res.set('Cache-Control', 'no-cache').json({
          district: dataset ? { name: dataset.name, code: dataset.code ?? null, extent: count ? extent : null } : null,
          demo: dataset?.demo ?? false,
          setUp: dataset?.demo === false,
          profile: { id: profile.id, name: profile.name, code: (profile as { code?: string }).code ?? null },
          profileFixed: fixed !== undefined,
          profiles,
        });
      },
    }),
    operation({
      method: 'post',
      path: '/district',
      role: 'admin',
      operationId: 'setUpDistrict',
      summary: 'Set up the district from its boundary file (administrators): the report first, with dry_run=true',
      tags: ['district'],
      parameters: [
        {
          name: 'dry_run',
          in: 'query',
          description: 'true: the report of what the set-up would do; nothing is written.',
          schema: { type: 'boolean' },
        },
      ],
      bodySchema: {
        type: 'object',
        required: ['boundary'],
        properties: {
          boundary: {
            type: 'string',
            format: 'binary',
            description: 'The district’s boundary: GeoJSON, DataV, zipped Shapefile, KML, GeoPackage.',
          },
          townships: { type: 'string', format: 'binary' },
          villages: { type: 'string', format: 'binary' },
          name: { type: 'string' },
          code: { type: 'string', pattern: '^\\d{6}$' },
          profile: {
            type: 'string',
            pattern: '^\\d{6}$',
            description: 'A profile of data/profiles, by its district code.',
          },
          crs: { type: 'string', enum: ['auto', 'wgs84', 'gcj02', 'bd09'] },
          clear_demo: { type: 'boolean' },
        },
      },
      body: { types: ['multipart/form-data'] },
      responses: {
        '200': { description: 'The set-up’s report.', ...json(districtSchema) },
        '400': problem('The form or a file is refused; invalid-params names the field, in the reader’s language.'),
        '413': problem('A file is larger than a set-up reads.'),
        '415': problem('The body is not multipart/form-data.'),
        '503': problem('Every file reader is busy; Retry-After says when to try again.'),
      },
      handler: async (req, res) => {
        const lang = languageOf(req);
        res.vary('Accept-Language');
        const dryRun = dryRunOf(req, lang);
        const form = await readForm(req, res, FILES.length * FILE_BYTES + MB);
        const given = await formInput(form, lang);
        let report: DistrictReport;
        try {
          report = await setUpDistrict(store, {
            ...given,
            dryRun,
            user: userOf(res),
            door: 'api',
            parser: parser.parse,
          });
        } catch (error) {
          throw problemOf(error, lang, res);
        }
        if (!report.dryRun) await auditSecurity(store, req, res, auditEntry(report, given.clearDemo ?? false));
        res.json(report);
      },
    }),
  ];
}
