import { type Request, type Response, Router } from 'express';
import type { Feature, Geometry } from 'geojson';
import { todayInChina } from '../../catalog/china-time.ts';
import type { MapSettings } from '../../catalog/datasets.ts';
import { MapFontMissing, type MapSheet, renderMapSheet, type SheetFormat } from '../exports/index.ts';
import {
  CONTENT_TYPES,
  isLayerFormat,
  LAYER_FORMATS,
  type LayerFileWriter,
  layerFileWriter,
} from '../exports/layer-files.ts';
import { nameDownload } from '../http/download.ts';
import { HEAVY_READS, takeTurns } from '../http/limits.ts';
import { HttpProblem, invalidParam, notFound } from '../http/problem.ts';
import { writeInTurn } from '../http/stream.ts';
import { isPlanned } from '../layers/planned.ts';
import { findLayer, type LayerDef, type Visibility } from '../layers/registry.ts';
import { currentSheet } from '../publishing/map-sheets.ts';
import type { Store } from '../store/index.ts';
import type { ItemsQuery } from '../store/store.ts';
import { WHOLE_LAYER } from '../store/whole-layer.ts';
import { parseItemsQuery } from './items-query.ts';

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

/** Rows a page of an export reads at a time: a file of any size costs the memory of one page. */
const EXPORT_PAGE = 2000;

/** Every matching feature, a page at a time, in the store's order (by id). */
async function* featurePages(store: Store, layer: LayerDef, query: ItemsQuery, keep: (f: Feature) => boolean) {
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const { features } = await store.listItems(layer, { ...query, limit: EXPORT_PAGE, offset });
    yield features.filter(keep);
    if (features.length < EXPORT_PAGE) return;
  }
}

/**
 * Writes a file as its pages come, waiting whenever the client reads slower than the store answers.
 * Once the first bytes are sent no error can be answered as a problem: the connection is cut instead,
 * so the client sees a broken download rather than a short one.
 */
async function streamFile(res: Response, writer: LayerFileWriter, pages: AsyncIterable<Feature<Geometry>[]>) {
  try {
    let first = true;
    await writeInTurn(res, writer.head);
    for await (const features of pages) {
      if (res.destroyed) return;
      const chunk = features.map(writer.feature).join(writer.separator);
      if (!chunk) continue;
      await writeInTurn(res, (first ? '' : writer.separator) + chunk);
      first = false;
    }
    res.end(writer.tail);
  } catch (error) {
    res.destroy(error as Error);
  }
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
  const sheetTurns = takeTurns(HEAVY_READS.sheets);
  router.get('/exports/map.png', sheetTurns, async (_req, res) => sendMapSheet(res, await sheet(res), 'png'));
  router.get('/exports/map.pdf', sheetTurns, async (_req, res) => sendMapSheet(res, await sheet(res), 'pdf'));

  router.get('/exports/:file', takeTurns(HEAVY_READS.exports), async (req, res) => {
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
    const date = todayInChina();
    nameDownload(res, 'attachment', `${layer.id}-${date}.${format}`, `${layer.title.zh}-${date}.${format}`);
    res.vary('Authorization');
    res.type(CONTENT_TYPES[format]);
    const pages = featurePages(store, layer, query, (f) => keepPlanned || !isPlanned(f));
    await streamFile(res, layerFileWriter(layer, format, audience), pages);
  });

  return router;
}
