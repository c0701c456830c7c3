import type { Request, Response } from 'express';
import type { Feature, Geometry } from 'geojson';
import { todayInChina } from '../../catalog/china-time.ts';
import type { MapSettings } from '../../catalog/datasets.ts';
import { MapFontMissing, type MapSheet, renderMapSheet, type SheetFormat } from '../exports/index.ts';
import {
  CONTENT_TYPES,
  LAYER_FORMATS,
  type LayerFileWriter,
  type LayerFormat,
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
import { ITEMS_PARAMETERS, parseItemsQuery } from './items-query.ts';
import { collectionId, file, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

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
function exportQuery(req: Request, audience: Visibility) {
  const layerId = String(req.params.collectionId);
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

const tags = ['exports'];

/**
 * Downloads: the current risk map as a PNG or a PDF map sheet, and each layer as GeoJSON, CSV or
 * KML with the reader's fields (public ones for anonymous readers). `store` is what a reader of the
 * audience reads (the publication, for anonymous readers of a published layer); `drafts` the layers
 * as staff edit them.
 */
export function exportOperations(
  store: Store,
  map: MapSettings = { basemap: 'none' },
  drafts: Store = store,
): Operation[] {
  const sheetTurns = takeTurns(HEAVY_READS.sheets);
  const sheet = (format: SheetFormat, type: string, what: string) =>
    operation({
      method: 'get',
      path: `/exports/map.${format}`,
      turns: sheetTurns,
      operationId: `getMapSheet${format.toUpperCase()}`,
      summary: `The current risk map (four-colour zones, shelters, township boundaries) as ${what}`,
      tags,
      responses: {
        '200': {
          description: `${what} with title, legend, scale bar, north arrow, date, version, source and 审图号.`,
          ...file(type),
        },
        '503': problem('No font with Chinese glyphs was found (ONEMAP_MAP_FONT); the detail names the one looked for.'),
      },
      // The sheet of the current map: staff print the drafts, anyone else what the public reads.
      handler: async (_req, res) => {
        res.vary('Authorization');
        const source = res.locals.audience === 'internal' ? drafts : store;
        await sendMapSheet(res, await currentSheet(source, map), format);
      },
    });
  const exportTurns = takeTurns(HEAVY_READS.exports);
  const layerFile = (format: LayerFormat) =>
    operation({
      method: 'get',
      path: `/exports/{collectionId}.${format}`,
      turns: exportTurns,
      operationId: `exportLayer${format.toUpperCase()}`,
      summary: `A whole layer as a ${format.toUpperCase()} download, named after the layer and the day`,
      description:
        'The reader’s fields only (public ones for anonymous readers). Takes bbox and the layer’s property ' +
        'filters as the items endpoint does; limit and offset are refused, since the file holds every match. ' +
        'Planned features are left out unless include_planned=true or a status filter names them.',
      tags,
      parameters: [
        collectionId,
        ITEMS_PARAMETERS.bbox,
        {
          name: 'include_planned',
          in: 'query',
          description: 'Also export planned (not yet built) features.',
          schema: { type: 'boolean', default: false },
        },
      ],
      responses: {
        '200': { description: `The layer as ${format.toUpperCase()}.`, ...file(CONTENT_TYPES[format].split(';')[0]) },
        '400': problem('A parameter is not valid; invalid-params names it.'),
        '401': problem('A filter on an internal field needs a signed-in user.'),
        '404': problem('No such layer.'),
      },
      handler: async (req, res) => {
        const audience = res.locals.audience as Visibility;
        const { layer, query, keepPlanned } = exportQuery(req, audience);
        const date = todayInChina();
        nameDownload(res, 'attachment', `${layer.id}-${date}.${format}`, `${layer.title.zh}-${date}.${format}`);
        res.vary('Authorization');
        res.type(CONTENT_TYPES[format]);
        const pages = featurePages(store, layer, query, (f) => keepPlanned || !isPlanned(f));
        await streamFile(res, layerFileWriter(layer, format, audience), pages);
      },
    });
  return [
    sheet('png', 'image/png', 'a PNG image'),
    sheet('pdf', 'application/pdf', 'a one-page PDF map sheet'),
    ...LAYER_FORMATS.map(layerFile),
  ];
}
