import { drawMap, mapExtent } from './draw-map.ts';
import { drawPanel } from './draw-panel.ts';
import { INK, LAYOUT } from './layout.ts';
import { fitFrame } from './mercator.ts';
import { type Painter, rectangle } from './painter.ts';
import { type MapSheet, PAGE } from './sheet.ts';

/** An empty sheet still needs a frame and a scale: any small box will do. */
const EMPTY_EXTENT: [number, number, number, number] = [0, 0, 0.1, 0.1];

const TITLE_SIZE = 22;
const TAG = '演示数据';
const TAG_SIZE = 12;

/** The title across the top, smaller if it is long, and beside it a red 演示数据 tag when the data are not real. */
function drawTitle(painter: Painter, sheet: MapSheet): void {
  const tagWidth = sheet.demo ? painter.textWidth(TAG, TAG_SIZE) + 12 : 0;
  const room = PAGE.width - 2 * LAYOUT.margin - 2 * (tagWidth + 12);
  const size = Math.min(TITLE_SIZE, (TITLE_SIZE * room) / painter.textWidth(sheet.title, TITLE_SIZE));
  const centre = PAGE.width / 2;
  painter.text(sheet.title, centre, LAYOUT.titleBaseline, { size, colour: INK.text, align: 'center' });
  if (!sheet.demo) return;
  const left = centre + painter.textWidth(sheet.title, size) / 2 + 12;
  painter.path([rectangle(left, LAYOUT.titleBaseline - 17, tagWidth, 22)], {
    stroke: { colour: INK.demo, width: 1.4 },
  });
  painter.text(TAG, left + tagWidth / 2, LAYOUT.titleBaseline - 1, {
    size: TAG_SIZE,
    colour: INK.demo,
    align: 'center',
  });
}

/** 审图号 under the map's bottom-left corner, as a published map must show it. */
function drawReviewNumber(painter: Painter, sheet: MapSheet): void {
  if (!sheet.reviewNumber) return;
  painter.text(`审图号:${sheet.reviewNumber}`, LAYOUT.map.x, LAYOUT.footerBaseline, { size: 9, colour: INK.muted });
}

/** The whole sheet, onto any painter. */
export function drawSheet(painter: Painter, sheet: MapSheet): void {
  const frame = fitFrame(mapExtent(sheet.layers) ?? EMPTY_EXTENT, LAYOUT.map, 14);
  drawTitle(painter, sheet);
  drawMap(painter, frame, sheet.layers);
  drawPanel(painter, sheet, frame);
  drawReviewNumber(painter, sheet);
}
