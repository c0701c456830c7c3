import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { MapSettings } from '../../catalog/datasets.ts';
import type { Publication } from '../../catalog/publications.ts';
import { userOf } from '../http/auth.ts';
import { HEAVY_READS, takeTurns } from '../http/limits.ts';
import { baseUrl } from '../http/links.ts';
import { matchesIfNoneMatch } from '../http/preconditions.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { auditSecurity } from '../http/security-audit.ts';
import { plainText } from '../input/plain-text.ts';
import { isPlanned } from '../layers/planned.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import { publishedSheet } from '../publishing/map-sheets.ts';
import { draftDiff, NothingToPublish, publishDrafts, publishedFeatures } from '../publishing/publish.ts';
import { PUBLISHED_LAYERS } from '../publishing/snapshot.ts';
import type { Store } from '../store/index.ts';
import { wholeLayer } from '../store/whole-layer.ts';
import { sendMapSheet } from './exports.ts';
import { file, json, problem, ref } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

const publishRequest = z.strictObject({
  title: plainText(z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(200)),
  map_date: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
  note: plainText(z.string({ error: 'must be text' }).max(2000)).default(''),
});

const withdrawRequest = z.strictObject({
  reason: plainText(z.string({ error: 'must be text' }).trim().min(1, 'must say why').max(2000)),
});

// A published version never changes, so a browser or proxy may keep it for good.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Lists and the latest version change when the bureau publishes or withdraws: always revalidate.
const REVALIDATE = 'no-cache';

function versionOf(req: Request): number {
  const text = String(req.params.version);
  if (!/^[1-9]\d{0,8}$/.test(text)) throw invalidParam('version', 'must be a version number, 1 or more');
  return Number(text);
}

function publishedLayerOf(req: Request): string {
  const id = String(req.params.layer);
  if (!(PUBLISHED_LAYERS as readonly string[]).includes(id)) {
    throw notFound(`${id} is not a published layer; the published ones are ${PUBLISHED_LAYERS.join(', ')}.`);
  }
  return id;
}

function withLinks(req: Request, publication: Publication) {
  const self = `${baseUrl(req)}/publications/${publication.version}`;
  return {
    ...publication,
    links: [
      { rel: 'self', href: self, type: 'application/json' },
      ...publication.layers.map((l) => ({
        rel: 'item',
        href: `${self}/layers/${l.layer}`,
        type: 'application/geo+json',
        title: l.layer,
      })),
      { rel: 'live', href: `${self}/live`, type: 'application/json', title: 'live shelter status' },
      { rel: 'alternate', href: `${self}/map.pdf`, type: 'application/pdf', title: 'map sheet (PDF)' },
      { rel: 'alternate', href: `${self}/map.png`, type: 'image/png', title: 'map sheet (PNG)' },
    ],
  };
}

async function found(publication: Promise<Publication | undefined>, version: number): Promise<Publication> {
  const result = await publication;
  if (!result) throw notFound(`There is no published version ${version}.`);
  return result;
}

const tags = ['publishing'];
const versionParameter = {
  name: 'version',
  in: 'path',
  required: true,
  schema: { type: 'integer', minimum: 1 },
} as const;
const publishedLayer = {
  name: 'layer',
  in: 'path',
  required: true,
  schema: { type: 'string', enum: [...PUBLISHED_LAYERS] },
} as const;
const publicationAnswer = (description: string) => ({ description, ...json(ref('Publication')) });
const notANumber = { '400': problem('The version is not a number.') };

/**
 * The publish workflow: planners edit the layers (the drafts), a publisher reviews the difference
 * from the last publication and publishes a numbered version that never changes; the public reads
 * the latest one that is not withdrawn, and any older one.
 */
export function publicationOperations(store: Store, map: MapSettings = { basemap: 'none' }): Operation[] {
  return [...listings(store), ...reviewAndPublish(store), ...publishedVersions(store, map)];
}

/** The versions there are: every one, and the one the public sees. */
function listings(store: Store): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/publications',
      operationId: 'listPublications',
      summary: 'Every published version, newest first, withdrawn ones marked',
      tags,
      responses: {
        '200': {
          description: 'The versions.',
          ...json({ type: 'object', properties: { publications: { type: 'array', items: ref('Publication') } } }),
        },
      },
      handler: async (req, res) => {
        const all = await store.publications.list();
        res.set('Cache-Control', REVALIDATE).json({ publications: all.map((p) => withLinks(req, p)) });
      },
    }),
    operation({
      method: 'get',
      path: '/publications/latest',
      operationId: 'latestPublication',
      summary: 'The version the public sees: the newest not withdrawn',
      tags,
      responses: { '200': publicationAnswer('The latest version.'), '404': problem('Nothing published yet.') },
      handler: async (req, res) => {
        const latest = await store.publications.latest();
        if (!latest) throw notFound('Nothing has been published yet.');
        res.set('Cache-Control', REVALIDATE).json(withLinks(req, latest));
      },
    }),
  ];
}

/** Reviewing the drafts, publishing them, withdrawing a version. */
function reviewAndPublish(store: Store): Operation[] {
  return [
    operation({
      method: 'get',
      path: '/publications/draft',
      role: 'planner',
      operationId: 'draftDifference',
      summary: 'What publishing now would change: added, removed and changed features per layer (planners)',
      tags,
      responses: { '200': { description: 'The difference from the latest version.', ...json({ type: 'object' }) } },
      handler: async (_req, res) => {
        const { base, layers } = await draftDiff(store);
        const summary = Object.fromEntries(
          Object.entries(layers).map(([id, d]) => [
            id,
            { added: d.added.length, removed: d.removed.length, changed: d.changed.length },
          ]),
        );
        res.set('Cache-Control', 'no-store').json({ base_version: base?.version ?? null, summary, layers });
      },
    }),
    operation({
      method: 'post',
      path: '/publications',
      role: 'publisher',
      body: { schema: publishRequest, strict: true },
      operationId: 'publish',
      summary: 'Publish the drafts of the risk zones and shelters as the next version (publishers)',
      tags,
      responses: {
        '201': publicationAnswer('The new version.'),
        '400': problem('invalid-params names each field.'),
        '409': problem('Nothing changed since the latest version.'),
      },
      handler: async (req, res, input) => {
        const meta = input.body();
        let publication: Publication;
        try {
          publication = await publishDrafts(store, meta, userOf(res));
        } catch (error) {
          if (error instanceof NothingToPublish) throw new HttpProblem(409, 'Conflict', error.message);
          throw error;
        }
        await auditSecurity(store, req, res, {
          event: 'publication',
          details: { version: publication.version, title: publication.title, map_date: publication.map_date },
        });
        res
          .status(201)
          .location(`${baseUrl(req)}/publications/${publication.version}`)
          .json(withLinks(req, publication));
      },
    }),
    operation({
      method: 'post',
      path: '/publications/{version}/withdraw',
      role: 'publisher',
      body: { schema: withdrawRequest, strict: true },
      operationId: 'withdrawPublication',
      summary: 'Withdraw a version, with a reason; it stays readable, marked (publishers)',
      tags,
      parameters: [versionParameter],
      responses: {
        '200': publicationAnswer('The version, withdrawn.'),
        '400': problem('invalid-params names each field.'),
        '404': problem('No such version.'),
        '409': problem('Withdrawn already.'),
      },
      handler: async (req, res, input) => {
        const version = versionOf(req);
        const { reason } = input.body();
        const result = await store.publications.withdraw(version, userOf(res), reason);
        if (result === undefined) throw notFound(`There is no published version ${version}.`);
        if (result === false) throw new HttpProblem(409, 'Conflict', `Version ${version} was withdrawn already.`);
        await auditSecurity(store, req, res, { event: 'withdrawal', details: { version, reason } });
        res.json(withLinks(req, result));
      },
    }),
  ];
}

/** One version as the public reads it: its record, its layers, its map sheets, its shelters' live status. */
function publishedVersions(store: Store, map: MapSettings): Operation[] {
  const sheetTurns = takeTurns(HEAVY_READS.sheets);
  return [
    operation({
      method: 'get',
      path: '/publications/{version}',
      operationId: 'getPublication',
      summary: 'One published version',
      tags,
      parameters: [versionParameter],
      responses: {
        '200': publicationAnswer('The version.'),
        ...notANumber,
        '404': problem('No such version.'),
      },
      handler: async (req, res) => {
        const version = versionOf(req);
        const publication = await found(store.publications.get(version), version);
        // Withdrawing changes the metadata, never the layers.
        res.set('Cache-Control', REVALIDATE).json(withLinks(req, publication));
      },
    }),
    operation({
      method: 'get',
      path: '/publications/{version}/layers/{layer}',
      operationId: 'getPublishedLayer',
      summary: 'A published layer exactly as published; it never changes, so it is cached for good',
      tags,
      parameters: [versionParameter, publishedLayer],
      responses: {
        '200': { description: 'The layer.', ...json({ type: 'object' }, 'application/geo+json') },
        '304': { description: 'Unchanged (If-None-Match).' },
        ...notANumber,
        '404': problem('No such version or layer.'),
      },
      handler: async (req, res) => {
        const version = versionOf(req);
        const layer = publishedLayerOf(req);
        const stored = await store.publications.layer(version, layer);
        if (!stored) throw notFound(`Version ${version} has no layer ${layer}.`);
        const etag = `"${stored.sha256}"`;
        res.set({ 'Cache-Control': IMMUTABLE, ETag: etag });
        if (matchesIfNoneMatch(req, etag)) return void res.status(304).end();
        res.type('application/geo+json').send(stored.geojson);
      },
    }),
    sheetOperation(store, map, sheetTurns, 'png'),
    sheetOperation(store, map, sheetTurns, 'pdf'),
    operation({
      method: 'get',
      path: '/publications/{version}/live',
      operationId: 'getLiveShelters',
      summary: 'The published shelters’ status and free places now, with when each was updated',
      tags,
      parameters: [versionParameter],
      responses: {
        '200': { description: 'Live fields by shelter id.', ...json({ type: 'object' }) },
        ...notANumber,
        '404': problem('No such version.'),
      },
      handler: async (req, res) => {
        const version = versionOf(req);
        await found(store.publications.get(version), version);
        res.set('Cache-Control', REVALIDATE).json(await liveShelters(store, version));
      },
    }),
  ];
}

/** A version as a map sheet; the sheets of every version take turns together. */
function sheetOperation(store: Store, map: MapSettings, turns: RequestHandler, format: 'png' | 'pdf'): Operation {
  return operation({
    method: 'get',
    path: `/publications/{version}/map.${format}`,
    turns,
    operationId: `getPublicationMap${format.toUpperCase()}`,
    summary: `The version as a ${format.toUpperCase()} map sheet: legend, scale bar, north arrow, date, version, 审图号`,
    tags,
    parameters: [versionParameter],
    responses: {
      '200': { description: 'The map sheet.', ...file(format === 'png' ? 'image/png' : 'application/pdf') },
      ...notANumber,
      '404': problem('No such version.'),
      '503': problem('No Chinese font is installed to draw the sheet with.'),
    },
    handler: async (req, res) => {
      const version = versionOf(req);
      const publication = await found(store.publications.get(version), version);
      res.set('Cache-Control', REVALIDATE);
      await sendMapSheet(res, await publishedSheet(store, publication, map), format);
    },
  });
}

/**
 * The live fields of the published shelters as they are now: open or closed and free places, with
 * the time each shelter was last updated. Shelters retired since publication, or put back to planned,
 * are left out.
 */
async function liveShelters(store: Store, version: number) {
  const published = new Set((await publishedFeatures(store, version, 'shelters')).map((f) => String(f.id)));
  const layer = findLayer('shelters') as LayerDef;
  const features = await wholeLayer(store, layer, 'public');
  return {
    read_at: new Date().toISOString(),
    shelters: features
      .filter((f) => published.has(String(f.id)) && !isPlanned(f))
      .map((f) => ({
        id: f.id,
        status: f.properties?.status ?? null,
        free_places: f.properties?.free_places ?? null,
        updated_at: f.properties?.updated_at ?? null,
      })),
  };
}
