import { type Request, Router } from 'express';
import { z } from 'zod';
import type { MapSettings } from '../../catalog/datasets.ts';
import type { Publication } from '../../catalog/publications.ts';
import { requireRole, userOf } from '../http/auth.ts';
import { HEAVY_READS, takeTurns } from '../http/limits.ts';
import { baseUrl } from '../http/links.ts';
import { matchesIfNoneMatch, requireContentType } from '../http/preconditions.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { auditSecurity } from '../http/security-audit.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import { plainText } from '../input/plain-text.ts';
import { isPlanned } from '../layers/planned.ts';
import { findLayer, type LayerDef } from '../layers/registry.ts';
import { publishedSheet } from '../publishing/map-sheets.ts';
import { draftDiff, NothingToPublish, publishDrafts, publishedFeatures } from '../publishing/publish.ts';
import { PUBLISHED_LAYERS } from '../publishing/snapshot.ts';
import type { Store } from '../store/index.ts';
import { wholeLayer } from '../store/whole-layer.ts';
import { sendMapSheet } from './exports.ts';

export const publishRequest = z.strictObject({
  title: plainText(z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(200)),
  map_date: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
  note: plainText(z.string({ error: 'must be text' }).max(2000)).default(''),
});

export const withdrawRequest = z.strictObject({
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

/**
 * The publish workflow: planners edit the layers (the drafts), a publisher reviews the difference
 * from the last publication and publishes a numbered version that never changes; the public reads
 * the latest one that is not withdrawn, and any older one.
 */
export function publicationsRouter(store: Store, map: MapSettings = { basemap: 'none' }): Router {
  const router = Router();

  router.get('/publications', async (req, res) => {
    const all = await store.publications.list();
    res.set('Cache-Control', REVALIDATE).json({ publications: all.map((p) => withLinks(req, p)) });
  });

  router.get('/publications/latest', async (req, res) => {
    const latest = await store.publications.latest();
    if (!latest) throw notFound('Nothing has been published yet.');
    res.set('Cache-Control', REVALIDATE).json(withLinks(req, latest));
  });

  router.get('/publications/draft', requireRole('planner'), async (_req, res) => {
    const { base, layers } = await draftDiff(store);
    const summary = Object.fromEntries(
      Object.entries(layers).map(([id, d]) => [
        id,
        { added: d.added.length, removed: d.removed.length, changed: d.changed.length },
      ]),
    );
    res.set('Cache-Control', 'no-store').json({ base_version: base?.version ?? null, summary, layers });
  });

  router.post('/publications', requireRole('publisher'), async (req, res) => {
    requireContentType(req, ['application/json']);
    const meta = parseOrRefuse(publishRequest, req.body);
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
  });

  router.get('/publications/:version', async (req, res) => {
    const version = versionOf(req);
    const publication = await found(store.publications.get(version), version);
    // Withdrawing changes the metadata, never the layers.
    res.set('Cache-Control', REVALIDATE).json(withLinks(req, publication));
  });

  router.post('/publications/:version/withdraw', requireRole('publisher'), async (req, res) => {
    const version = versionOf(req);
    requireContentType(req, ['application/json']);
    const { reason } = parseOrRefuse(withdrawRequest, req.body);
    const result = await store.publications.withdraw(version, userOf(res), reason);
    if (result === undefined) throw notFound(`There is no published version ${version}.`);
    if (result === false) throw new HttpProblem(409, 'Conflict', `Version ${version} was withdrawn already.`);
    await auditSecurity(store, req, res, { event: 'withdrawal', details: { version, reason } });
    res.json(withLinks(req, result));
  });

  router.get('/publications/:version/layers/:layer', async (req, res) => {
    const version = versionOf(req);
    const layer = publishedLayerOf(req);
    const stored = await store.publications.layer(version, layer);
    if (!stored) throw notFound(`Version ${version} has no layer ${layer}.`);
    const etag = `"${stored.sha256}"`;
    res.set({ 'Cache-Control': IMMUTABLE, ETag: etag });
    if (matchesIfNoneMatch(req, etag)) return void res.status(304).end();
    res.type('application/geo+json').send(stored.geojson);
  });

  const sheetTurns = takeTurns(HEAVY_READS.sheets);
  for (const format of ['png', 'pdf'] as const) {
    router.get(`/publications/:version/map.${format}`, sheetTurns, async (req, res) => {
      const version = versionOf(req);
      const publication = await found(store.publications.get(version), version);
      res.set('Cache-Control', REVALIDATE);
      await sendMapSheet(res, await publishedSheet(store, publication, map), format);
    });
  }

  router.get('/publications/:version/live', async (req, res) => {
    const version = versionOf(req);
    await found(store.publications.get(version), version);
    res.set('Cache-Control', REVALIDATE).json(await liveShelters(store, version));
  });

  return router;
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
