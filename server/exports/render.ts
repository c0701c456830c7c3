import { paintPng } from './canvas-painter.ts';
import { drawSheet } from './draw-sheet.ts';
import { mapFontFromEnv } from './font.ts';
import type { Painter } from './painter.ts';
import { paintPdf } from './pdf-painter.ts';
import { type MapSheet, PAGE, PNG_SCALE, type SheetFormat } from './sheet.ts';

/**
 * A map sheet as PNG or as a one-page PDF (vector map, embedded Chinese font). Throws
 * MapFontMissing when no Chinese font can be found.
 */
export function renderMapSheet(sheet: MapSheet, format: SheetFormat): Promise<Buffer> {
  const font = mapFontFromEnv();
  const draw = (painter: Painter) => drawSheet(painter, sheet);
  if (format === 'png') return paintPng(font, { ...PAGE, scale: PNG_SCALE }, draw);
  return paintPdf(
    font,
    PAGE,
    { title: sheet.title, author: sheet.source, date: new Date(`${sheet.date}T00:00:00Z`) },
    draw,
  );
}
