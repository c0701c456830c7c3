import { paintPng } from './canvas-painter.ts';
import { drawIncidentMap } from './draw-incident-map.ts';
import { drawReport, REPORT_MAP, REPORT_PAGE } from './draw-report.ts';
import { mapFontFromEnv } from './font.ts';
import type { IncidentReport } from './incident-report.ts';
import { paintPdfPages } from './pdf-painter.ts';
import { reportHtml } from './report-html.ts';

/**
 * The 周边分析报告 as a PDF (vector map, embedded Chinese font, as many A4 pages as its tables take)
 * or as a printable HTML page whose map is the same drawing as a PNG inside it. Throws
 * MapFontMissing when no Chinese font can be found.
 */
export async function renderIncidentReport(report: IncidentReport, format: 'pdf' | 'html'): Promise<Buffer> {
  const font = mapFontFromEnv();
  if (format === 'pdf') {
    const info = { title: report.title, author: report.issuer, date: new Date() };
    return paintPdfPages(font, REPORT_PAGE, info, (painter, newPage) => drawReport(painter, newPage, report));
  }
  const box = { x: 0, y: 0, width: REPORT_MAP.width, height: REPORT_MAP.height };
  const png = await paintPng(font, { ...box, scale: 2 }, (painter) => drawIncidentMap(painter, box, report.map));
  return Buffer.from(reportHtml(report, png), 'utf8');
}
