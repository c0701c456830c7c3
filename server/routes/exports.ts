import { type Request, type Response, Router } from 'express';
import { MapFontMissing, type MapSheet, renderMapSheet, type SheetFormat } from '../exports/index.ts';
import { CONTENT_TYPES, isLayerFormat, LAYER_FORMATS, layerFile } from '../exports/layer-files.ts';
import { nameDownload, todayInChina } from '../http/download.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { isPlanned } from '../layers/planned.ts';
import { findLayer, type Visibility } from '../layers/registry.ts';
import { currentSheet } from '../publishing/map-sheets.ts';
import type { Store } from '../store/index.ts';
import { WHOLE_LAYER } from '../store/whole-layer.ts';
import { parseItemsQuery } from './items-query.ts';
import type { MapSettings } from './landing.ts';

/** A rendered sheet as the response, named after its day; 503 when no Chinese font is to be had. */
export async function sendMapSheet(res: Response, sheet: MapSheet, format: SheetFormat): Promise<void> {
  let body: Buffer;
  try {
    body = await renderMapSheet(sheet, format);
  } catch (error) {
    if (error instanceof MapFontMissing) throw new HttpProblem(503, 'Service unavailable', error.message);
    throw error;
  }
  const name = `map-${sheet.date}.${format}`;
  nameDownload(res, 'inline', name, `${sheet.title}-${sheet.date}.${format}`);
  res.type(format === 'png' ? 'image/png' : 'application/pdf').send(body);
}

/**
 * Property filters and bbox as for items; paging makes no sense for a file that holds the whole layer.
 * An export is handed to responders, so planned features stay out unless `include_planned=true` (or a
 * `status` filter names them).
 */
function exportQuery(req: Request, layerId: string, audience: Visibility) {
  const layer = findLayer(layerId);
  if (!layer) throw notFound(`There is no layer "${layerId}"; see /collections.`);
  const { include_planned: includeRaw, ...raw } = req.query as Record<string, unknown>;
  for (const name of ['limit', 'offset', 'f']) {
    if (name in raw)
      throw invalidParam(name, 'an export holds every matching feature; narrow it with bbox or properties');
  }
  if (includeRaw !== undefined && includeRaw !== 'true' && includeRaw !== 'false')
    throw invalidParam('include_planned', 'must be true or false');
  const query = { ...parseItemsQuery(layer, raw, audience), limit: WHOLE_LAYER, offset: 0 };
  const keepPlanned = includeRaw === 'true' || query.filters.some((f) => f.field.name === 'status');
  return { layer, query, keepPlanned };
}

/**
 * Downloads: the current risk map as a PNG or a PDF map sheet, and each layer as GeoJSON, CSV or
 * KML with the reader's fields (public ones for anonymous readers). `store` is what a reader of the
 * audience reads (the publication, for anonymous readers of a published layer); `drafts` the layers
 * as staff edit them.
 */
export function exportsRouter(store: Store, map: MapSettings = { basemap: 'none' }, drafts: Store = store): Router {
  const router = Router();

  // The sheet of the current map: staff print the drafts, anyone else what the public reads.
  const sheet = (res: Response) => {
    res.vary('Authorization');
    return currentSheet(res.locals.audience === 'internal' ? drafts : store, map);
  };
  router.get('/exports/map.png', async (_req, res) => sendMapSheet(res, await sheet(res), 'png'));
  router.get('/exports/map.pdf', async (_req, res) => sendMapSheet(res, await sheet(res), 'pdf'));

  router.get('/exports/:file', async (req, res) => {
    const file = String(req.params.file);
    const dot = file.lastIndexOf('.');
    const format = file.slice(dot + 1);
    if (dot <= 0 || !isLayerFormat(format)) {
      throw notFound(
        `Nothing is exported as ${file}: ask for {layer}.${LAYER_FORMATS.join(', .')}, map.png or map.pdf.`,
      );
    }
    const audience = res.locals.audience as Visibility;
    const { layer, query, keepPlanned } = exportQuery(req, file.slice(0, dot), audience);
    const listed = (await store.listItems(layer, query)).features;
    const features = keepPlanned ? listed : listed.filter((f) => !isPlanned(f));
    const date = todayInChina();
    nameDownload(res, 'attachment', `${layer.id}-${date}.${format}`, `${layer.title.zh}-${date}.${format}`);
    res.vary('Authorization');
    res.type(CONTENT_TYPES[format]).send(layerFile(layer, features, format, audience));
  });

  return router;
}
