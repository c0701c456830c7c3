/**
 * The incident report (周边分析报告) end to end over HTTP on loopback, beside the one-page map sheet
 * (`GET /exports/map.pdf`) as its baseline, timed in alternating blocks in the same run: the report
 * reads the incident, the around layers from the cache and the district's map, composes its tables and
 * draws several A4 pages with the embedded Chinese font; the sheet draws the whole district on one.
 * The incident is at the demo district's seat with the around and nearest answers attached, as a
 * responder's screen attaches them; the embedded backend holds the demo.
 */
import { as } from '../../test/support/accounts.ts';
import { interleaved, ms, type Plan, round, type Timing, table, times } from './measure.ts';
import { servedDemo } from './served-demo.ts';

const SEAT = [119.12, 25.46];
const staff = as('responder');

type Way = 'reportPdf' | 'reportHtml' | 'sheetPdf';
const LABELS: Record<Way, string> = {
  reportPdf: 'GET /incidents/{id}/report.pdf',
  reportHtml: 'GET /incidents/{id}/report.html',
  sheetPdf: 'GET /exports/map.pdf (baseline)',
};

export interface ReportBenchResult {
  pages: number;
  bytes: Record<Way, number>;
  timings: Record<Way, Timing>;
  /** report ÷ sheet, p50. */
  overSheet: { pdf: number; html: number };
}

async function post(base: string, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(base + path, {
    method: 'POST',
    headers: { ...staff, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** An incident at the seat with what a responder attaches: around 3 km, nearest teams and depots. */
async function incidentAtSeat(base: string): Promise<string> {
  const { id } = await post(base, '/incidents', {
    title: '涵东街道仓库火灾',
    kind: 'fire',
    at: SEAT,
    reporter: '110 转警',
    text: '仓库起火',
  });
  const around = { at: SEAT, radius_km: 3 };
  const teams = { from: SEAT, layer: 'teams', k: 5, specialties: ['water_rescue'] };
  const depots = { from: SEAT, layer: 'depots', k: 5, items: [{ item: '帐篷', quantity: 500 }] };
  for (const [kind, request, path] of [
    ['around', around, '/analysis/around'],
    ['nearest', teams, '/analysis/nearest'],
    ['nearest', depots, '/analysis/nearest'],
  ] as const) {
    const result = await post(base, path, request);
    await post(base, `/incidents/${id}/entries`, {
      stage: 'assessment',
      text: '研判',
      attachment: { kind, request, result },
    });
  }
  return id;
}

export async function benchReport({ quick }: { quick: boolean }): Promise<ReportBenchResult> {
  const plan: Plan = quick ? { warmup: 2, iterations: 10 } : { warmup: 3, iterations: 40 };
  const served = await servedDemo('embedded');
  try {
    const base = served.base;
    const id = await incidentAtSeat(base);
    const paths: Record<Way, string> = {
      reportPdf: `/incidents/${id}/report.pdf`,
      reportHtml: `/incidents/${id}/report.html`,
      sheetPdf: '/exports/map.pdf',
    };
    const bytes = {} as Record<Way, number>;
    const get = async (way: Way) => {
      const response = await fetch(base + paths[way], { headers: staff });
      if (!response.ok) throw new Error(`${paths[way]}: ${response.status}`);
      bytes[way] = (await response.arrayBuffer()).byteLength;
    };
    const block = (way: Way) => async (n: number) => {
      const taken: number[] = [];
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        await get(way);
        taken.push(performance.now() - start);
      }
      return taken;
    };
    const timings = await interleaved(plan, {
      reportPdf: block('reportPdf'),
      reportHtml: block('reportHtml'),
      sheetPdf: block('sheetPdf'),
    });
    const pdf = Buffer.from(await (await fetch(base + paths.reportPdf, { headers: staff })).arrayBuffer());
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    return {
      pages,
      bytes,
      timings,
      overSheet: {
        pdf: round(timings.reportPdf.p50 / timings.sheetPdf.p50, 2),
        html: round(timings.reportHtml.p50 / timings.sheetPdf.p50, 2),
      },
    };
  } finally {
    await served.close();
  }
}

export function formatReport(result: ReportBenchResult): string {
  const ways = Object.keys(LABELS) as Way[];
  const rows = ways.map((way) => [
    LABELS[way],
    `${Math.round(result.bytes[way] / 1024)} KB`,
    ms(result.timings[way].p50),
    ms(result.timings[way].p99),
    way === 'sheetPdf' ? '1×' : times(way === 'reportPdf' ? result.overSheet.pdf : result.overSheet.html),
  ]);
  return `${table(['request (embedded, staff)', 'size', 'p50 ms', 'p99 ms', '÷ sheet p50'], rows, [false, true, true, true, true])}
the report: ${result.pages} A4 pages`;
}
