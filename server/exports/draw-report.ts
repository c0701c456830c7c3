import { drawIncidentMap, drawIncidentMark, MARK_LABELS, MARK_PAINT, markShape } from './draw-incident-map.ts';
import { wrap } from './draw-panel.ts';
import type { IncidentReport, ReportTable } from './incident-report.ts';
import { INK } from './layout.ts';
import { type Painter, rectangle } from './painter.ts';

/**
 * The 周边分析报告 on A4 portrait pages: the title with the 演示数据 mark on demo data, the incident's
 * facts and the time printed, its map with a key, then the tables one after another, a table that
 * runs over a page going on under its header repeated; each page footed with the issuer, the
 * reminder that contacts are internal and the page number.
 */

export const REPORT_PAGE = { width: 595, height: 842 } as const;

const MARGIN = 36;
const TOP = 40;
const BOTTOM = REPORT_PAGE.height - 44;
const WIDTH = REPORT_PAGE.width - 2 * MARGIN;
export const REPORT_MAP = { x: MARGIN, y: 146, width: WIDTH, height: 340 } as const;

const CELL = { size: 8.5, line: 11, pad: 3 } as const;
const HEADER_FILL = '#e4eaf0';
const RULE = { colour: '#c5ccd3', width: 0.5 };

interface Flow {
  painter: Painter;
  y: number;
  page: number;
  /** Room for `height` more units on this page, or a new page. */
  room(height: number): void;
  fits(height: number): boolean;
}

function footer(painter: Painter, report: IncidentReport, page: number): void {
  const words = `${report.issuer} · 内部资料,含联系方式,注意保密${report.demo ? ' · 演示数据' : ''} · 第 ${page} 页`;
  painter.text(words, REPORT_PAGE.width / 2, REPORT_PAGE.height - 22, { size: 8, colour: INK.muted, align: 'center' });
}

function flowOf(painter: Painter, newPage: () => void, report: IncidentReport): Flow {
  const flow: Flow = {
    painter,
    y: TOP,
    page: 1,
    fits: (height) => flow.y + height <= BOTTOM,
    room(height) {
      if (flow.fits(height)) return;
      footer(painter, report, flow.page);
      newPage();
      flow.page += 1;
      flow.y = TOP;
    },
  };
  return flow;
}

/** The title, smaller if long, and a red 演示数据 tag beside it on demo data. */
function drawHeading(painter: Painter, report: IncidentReport): void {
  const tag = '演示数据';
  const tagWidth = report.demo ? painter.textWidth(tag, 11) + 10 : 0;
  const room = WIDTH - 2 * (tagWidth + 10);
  const size = Math.min(18, (18 * room) / painter.textWidth(report.title, 18));
  const centre = REPORT_PAGE.width / 2;
  painter.text(report.title, centre, 62, { size, colour: INK.text, align: 'center' });
  if (report.demo) {
    const left = centre + painter.textWidth(report.title, size) / 2 + 10;
    painter.path([rectangle(left, 47, tagWidth, 20)], { stroke: { colour: INK.demo, width: 1.2 } });
    painter.text(tag, left + tagWidth / 2, 61, { size: 11, colour: INK.demo, align: 'center' });
  }
  painter.text(`${report.issuer} · 打印时间:${report.printedAt}(北京时间)`, centre, 80, {
    size: 9,
    colour: INK.muted,
    align: 'center',
  });
  report.facts.forEach((line, i) => {
    painter.text(line, MARGIN, 102 + i * 14, { size: 9.5, colour: INK.text });
  });
}

/** Under the map: what each mark stands for, then how the lists were taken. */
function drawKey(painter: Painter, report: IncidentReport, top: number): number {
  let x = MARGIN;
  const middle = top + 6;
  drawIncidentMark(painter, [x + 6, middle], 6);
  painter.text('事发地点', x + 15, middle + 3.5, { size: 9, colour: INK.text });
  x += 15 + painter.textWidth('事发地点', 9) + 14;
  painter.path(
    [
      [
        [x, middle],
        [x + 22, middle],
      ],
    ],
    { stroke: { colour: INK.demo, width: 1.4, dash: [5, 3] } },
    false,
  );
  painter.text('分析半径', x + 26, middle + 3.5, { size: 9, colour: INK.text });
  x += 26 + painter.textWidth('分析半径', 9) + 14;
  for (const [group, { paint, shape }] of Object.entries(MARK_PAINT)) {
    painter.path([markShape(shape, [x + 5, middle], 9)], paint);
    const label = MARK_LABELS[group as keyof typeof MARK_LABELS];
    painter.text(label, x + 13, middle + 3.5, { size: 9, colour: INK.text });
    x += 13 + painter.textWidth(label, 9) + 14;
  }
  painter.text(report.aroundNote, MARGIN, top + 26, { size: 9, colour: INK.muted });
  return top + 40;
}

/** Each cell's lines, wrapped to its column, and the row's height. */
function laidOut(painter: Painter, row: string[], widths: number[]) {
  const lines = row.map((cell, i) => (cell ? wrap(painter, cell, CELL.size, widths[i] - 2 * CELL.pad) : ['']));
  return { lines, height: Math.max(...lines.map((l) => l.length)) * CELL.line + 2 * CELL.pad };
}

/** One row at the flow's place, which must have room for it. */
function drawRow(flow: Flow, row: ReturnType<typeof laidOut>, table: ReportTable, widths: number[], fill?: string) {
  const { painter } = flow;
  if (fill) painter.path([rectangle(MARGIN, flow.y, WIDTH, row.height)], { fill });
  let x = MARGIN;
  row.lines.forEach((cell, i) => {
    const right = table.columns[i].align === 'right';
    cell.forEach((line, n) => {
      const baseline = flow.y + CELL.pad + (n + 1) * CELL.line - 2.5;
      const at = right ? x + widths[i] - CELL.pad : x + CELL.pad;
      painter.text(line, at, baseline, { size: CELL.size, colour: INK.text, align: right ? 'right' : 'left' });
    });
    x += widths[i];
  });
  flow.y += row.height;
  painter.path(
    [
      [
        [MARGIN, flow.y],
        [MARGIN + WIDTH, flow.y],
      ],
    ],
    { stroke: RULE },
    false,
  );
}

/** A table: its title, its header (again at the top of each page it runs onto), its rows, its note. */
function drawTable(flow: Flow, table: ReportTable): void {
  const total = table.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * WIDTH);
  const header = laidOut(
    flow.painter,
    table.columns.map((c) => c.label),
    widths,
  );
  flow.room(60);
  flow.y += 10;
  flow.painter.text(table.title, MARGIN, flow.y + 12, { size: 11.5, colour: INK.frame });
  flow.y += 18;
  drawRow(flow, header, table, widths, HEADER_FILL);
  for (const cells of table.rows) {
    const row = laidOut(flow.painter, cells, widths);
    if (!flow.fits(row.height)) {
      // The table goes on on the next page, under its header again.
      flow.room(BOTTOM);
      drawRow(flow, header, table, widths, HEADER_FILL);
    }
    drawRow(flow, row, table, widths);
  }
  if (table.rows.length === 0 && !table.note) {
    flow.room(16);
    flow.painter.text('无。', MARGIN + CELL.pad, flow.y + 12, { size: CELL.size, colour: INK.muted });
    flow.y += 16;
  }
  if (table.note) {
    for (const line of wrap(flow.painter, table.note, CELL.size, WIDTH)) {
      flow.room(13);
      flow.painter.text(line, MARGIN, flow.y + 11, { size: CELL.size, colour: INK.muted });
      flow.y += 13;
    }
  }
}

/** The whole report; `newPage` starts the next page. */
export function drawReport(painter: Painter, newPage: () => void, report: IncidentReport): void {
  drawHeading(painter, report);
  drawIncidentMap(painter, REPORT_MAP, report.map);
  const flow = flowOf(painter, newPage, report);
  flow.y = drawKey(painter, report, REPORT_MAP.y + REPORT_MAP.height + 8);
  for (const table of report.tables) drawTable(flow, table);
  footer(painter, report, flow.page);
}
