import { RISK_LABELS, RISK_LEVELS } from '../../catalog/risk-levels.ts';
import { INK, LAYOUT } from './layout.ts';
import type { MapFrame } from './mercator.ts';
import { type Painter, rectangle } from './painter.ts';
import { formatDistance, scaleBarLength } from './scale-bar.ts';
import type { MapSheet } from './sheet.ts';
import { DISTRICT_LINE, drawShelter, LEGEND_SYMBOL_SCALE, TOWNSHIP_LINE, zonePaint } from './symbols.ts';

const { panel } = LAYOUT;
const INSET = 16;
const ROW = 22;

/** North is up everywhere in Web Mercator: an arrow, its left half dark, under an N. */
function drawNorthArrow(painter: Painter, centreX: number, top: number): void {
  painter.text('N', centreX, top + 12, { size: 12, colour: INK.text, align: 'center' });
  const tip: [number, number] = [centreX, top + 18];
  const foot = top + 58;
  const notch: [number, number] = [centreX, foot - 10];
  painter.path([[tip, [centreX - 9, foot], notch]], { fill: INK.text, stroke: { colour: INK.text, width: 0.8 } });
  painter.path([[tip, [centreX + 9, foot], notch]], { fill: '#ffffff', stroke: { colour: INK.text, width: 0.8 } });
}

/** The four colours with their Chinese names, the shelter symbol and the boundaries; returns where it ends. */
function drawLegend(painter: Painter, left: number, top: number): number {
  painter.text('图  例', panel.x + panel.width / 2, top + 13, { size: 13, colour: INK.text, align: 'center' });
  let rowTop = top + 26;
  const row = (label: string, drawKey: (keyLeft: number, keyMiddle: number) => void) => {
    drawKey(left, rowTop + 7);
    painter.text(label, left + 42, rowTop + 11, { size: 11, colour: INK.text });
    rowTop += ROW;
  };
  for (const level of RISK_LEVELS) {
    row(RISK_LABELS[level].zh, (keyLeft, middle) =>
      painter.path([rectangle(keyLeft, middle - 7, 30, 14)], zonePaint(level)),
    );
  }
  row('应急避难场所', (keyLeft, middle) => drawShelter(painter, [keyLeft + 15, middle], LEGEND_SYMBOL_SCALE));
  row('乡镇(街道)界', (keyLeft, middle) =>
    painter.path(
      [
        [
          [keyLeft, middle],
          [keyLeft + 30, middle],
        ],
      ],
      { stroke: TOWNSHIP_LINE },
      false,
    ),
  );
  row('区界', (keyLeft, middle) =>
    painter.path(
      [
        [
          [keyLeft, middle],
          [keyLeft + 30, middle],
        ],
      ],
      { stroke: DISTRICT_LINE },
      false,
    ),
  );
  return rowTop;
}

/** A bar of four alternating segments, a round length long, true at the map's centre latitude. */
function drawScaleBar(painter: Painter, frame: MapFrame, left: number, top: number): void {
  const { metres, units } = scaleBarLength(frame.groundPerUnit, panel.width - 2 * INSET - 12);
  painter.text('比例尺', left, top + 11, { size: 11, colour: INK.text });
  const barTop = top + 20;
  const segment = units / 4;
  for (let i = 0; i < 4; i++) {
    painter.path([rectangle(left + i * segment, barTop, segment, 5)], {
      fill: i % 2 === 0 ? INK.text : '#ffffff',
      stroke: { colour: INK.text, width: 0.6 },
    });
  }
  const labelY = barTop + 16;
  painter.text('0', left, labelY, { size: 9, colour: INK.text, align: 'center' });
  painter.text(formatDistance(metres / 2), left + units / 2, labelY, { size: 9, colour: INK.text, align: 'center' });
  painter.text(formatDistance(metres), left + units, labelY, { size: 9, colour: INK.text, align: 'center' });
}

/** Breaks text to lines no wider than `width`, character by character (Chinese has no spaces to break at). */
export function wrap(painter: Painter, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line && painter.textWidth(line + char, size) > width) {
      lines.push(line);
      line = char;
    } else {
      line += char;
    }
  }
  return line ? [...lines, line] : lines;
}

function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Date, version, source and projection, from the panel's bottom edge upwards. */
function drawMeta(painter: Painter, sheet: MapSheet, left: number): void {
  const size = 9.5;
  const lines = [
    `日期:${formatDate(sheet.date)}`,
    `版本:${sheet.version === null ? '当前数据(未发布)' : `第 ${sheet.version} 版`}`,
    ...wrap(painter, `数据来源:${sheet.source}`, size, panel.width - 2 * INSET),
    '投影:Web 墨卡托',
  ];
  const bottom = panel.y + panel.height - 12;
  lines.forEach((line, i) => {
    painter.text(line, left, bottom - (lines.length - 1 - i) * 15, { size, colour: INK.muted });
  });
}

/** The panel beside the map: north arrow, legend, scale bar and the sheet's particulars. */
export function drawPanel(painter: Painter, sheet: MapSheet, frame: MapFrame): void {
  painter.path([rectangle(panel.x, panel.y, panel.width, panel.height)], {
    stroke: { colour: INK.panelLine, width: 0.8 },
  });
  const left = panel.x + INSET;
  drawNorthArrow(painter, panel.x + panel.width / 2, panel.y + 10);
  const legendEnd = drawLegend(painter, left, panel.y + 84);
  drawScaleBar(painter, frame, left, legendEnd + 14);
  drawMeta(painter, sheet, left);
}
