import type { Request, Response } from 'express';
import type { FeatureCollection, Geometry } from 'geojson';
import { z } from 'zod';
import { todayInChina } from '../../catalog/china-time.ts';
import { AROUND_LAYERS } from '../analysis/around.ts';
import { around, existingOnly } from '../analysis/index.ts';
import type { Layers } from '../analysis/types.ts';
import { incidentReport } from '../exports/incident-report.ts';
import { MapFontMissing } from '../exports/index.ts';
import { renderIncidentReport } from '../exports/render-incident-report.ts';
import { aroundNow, attachedAround, attachedNearest } from '../exports/report-inputs.ts';
import { nameDownload } from '../http/download.ts';
import { HEAVY_READS, takeTurns } from '../http/limits.ts';
import { HttpProblem, invalidParam } from '../http/problem.ts';
import { isPlanned } from '../layers/planned.ts';
import { issuer } from '../publishing/map-sheets.ts';
import { IncidentNotFound } from '../store/errors.ts';
import type { Incident } from '../store/incidents.ts';
import type { Store } from '../store/index.ts';
import type { LayerCache } from '../store/layer-cache.ts';
import { file, problem } from './openapi-parts.ts';
import { type Operation, operation } from './operations.ts';

/** The around lists' radius when nobody attached an around answer to the incident. */
const DEFAULT_RADIUS_KM = 3;

const BACKGROUND_LAYERS = ['risk_zones', 'admin_areas'] as const;

type Whole = FeatureCollection<Geometry>;

const asBuiltOnly = (layer: Whole): Whole => ({ ...layer, features: layer.features.filter((f) => !isPlanned(f)) });

/** Everything the report needs: the incident's attachments, or what is around it now, and the map behind it. */
async function reportOf(store: Store, cache: LayerCache, incident: Incident) {
  const layers = (await cache.get([...new Set([...AROUND_LAYERS, ...BACKGROUND_LAYERS])])) as Record<string, Whole>;
  const seen =
    attachedAround(incident) ??
    aroundNow(around(incident.geometry.coordinates, DEFAULT_RADIUS_KM, existingOnly(layers as Layers)));
  const background = {
    riskZones: asBuiltOnly(layers.risk_zones),
    // The shelters within the radius are marked among the resources; those beyond it are not the report's.
    shelters: { type: 'FeatureCollection', features: [] } as Whole,
    adminAreas: asBuiltOnly(layers.admin_areas),
  };
  return incidentReport({
    incident,
    issuer: await issuer(store, background.adminAreas),
    around: seen,
    nearest: attachedNearest(incident),
    background,
    now: new Date(),
  });
}

function idParam(req: Request): string {
  const id = String(req.params.incidentId);
  if (!z.uuid().safeParse(id).success) throw invalidParam('incidentId', 'must be a UUID');
  return id;
}

async function sendReport(res: Response, body: () => Promise<Buffer>, format: 'pdf' | 'html', title: string) {
  let bytes: Buffer;
  try {
    bytes = await body();
  } catch (error) {
    if (error instanceof MapFontMissing) throw new HttpProblem(503, 'Service unavailable', error.message);
    throw error;
  }
  const date = todayInChina();
  nameDownload(res, 'inline', `incident-report-${date}.${format}`, `${title}-周边分析报告-${date}.${format}`);
  res.set('Cache-Control', 'no-store');
  res.type(format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8').send(bytes);
}

/**
 * The 周边分析报告 of an incident, in one click: its map and what is around it, the tables of risks,
 * resources and protected targets with contacts, the villages and residents to move, the nearest
 * resources attached, the timeline and the time printed. Contacts are internal, so staff only, never
 * published; a PDF and the same as a printable page.
 */
export function incidentReportOperations(store: Store, cache: LayerCache): Operation[] {
  const turns = takeTurns(HEAVY_READS.sheets);
  const report = (format: 'pdf' | 'html', type: string, what: string) =>
    operation({
      method: 'get',
      path: `/incidents/{incidentId}/report.${format}`,
      role: 'responder',
      turns,
      operationId: `getIncidentReport${format.toUpperCase()}`,
      summary: `The incident's 周边分析报告 as ${what} (staff)`,
      description:
        'The around lists are the latest around answer attached to the incident, as the responder saw it, ' +
        `or else what lies within ${DEFAULT_RADIUS_KM} km now; the nearest-resource answers attached; the timeline.`,
      tags: ['incidents'],
      parameters: [{ name: 'incidentId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: {
        '200': { description: what, ...file(type) },
        '400': problem('The id is not a UUID.'),
        '404': problem('No such incident.'),
        '503': problem('No font with Chinese glyphs was found (ONEMAP_MAP_FONT); the detail names the one looked for.'),
      },
      handler: async (req, res) => {
        const id = idParam(req);
        const incident = await store.incidents.get(id);
        if (!incident) throw new IncidentNotFound(id);
        const composed = await reportOf(store, cache, incident);
        await sendReport(res, () => renderIncidentReport(composed, format), format, incident.title);
      },
    });
  return [report('pdf', 'application/pdf', 'a PDF of A4 pages'), report('html', 'text/html', 'a printable HTML page')];
}
