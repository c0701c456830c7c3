import PDFDocument from 'pdfkit';
import { type MapFont, MapFontMissing } from './font.ts';
import type { Painter } from './painter.ts';

function pdfPainter(doc: PDFKit.PDFDocument): Painter {
  const useFont = (size: number) => doc.fontSize(size);
  return {
    path(rings, paint, closed = true) {
      for (const ring of rings) {
        for (const [i, [x, y]] of ring.entries()) {
          if (i === 0) doc.moveTo(x, y);
          else doc.lineTo(x, y);
        }
        if (closed) doc.closePath();
      }
      if (paint.stroke) {
        doc.lineWidth(paint.stroke.width).lineJoin('round');
        if (paint.stroke.dash) doc.dash(paint.stroke.dash[0], { space: paint.stroke.dash[1] });
        else doc.undash();
      }
      if (paint.fill && closed && paint.stroke) doc.fillAndStroke(paint.fill, paint.stroke.colour, 'even-odd');
      else if (paint.fill && closed) doc.fill(paint.fill, 'even-odd');
      else if (paint.stroke) doc.stroke(paint.stroke.colour);
    },
    text(text, x, y, style) {
      useFont(style.size);
      const width = doc.widthOfString(text);
      const left = style.align === 'center' ? x - width / 2 : style.align === 'right' ? x - width : x;
      const options = { lineBreak: false, baseline: 'alphabetic' } as const;
      if (style.halo) {
        doc
          .save()
          .lineWidth(style.size / 4)
          .lineJoin('round')
          .undash()
          .strokeColor(style.halo);
        doc.text(text, left, y, { ...options, stroke: true, fill: false });
        doc.restore();
      }
      doc.fillColor(style.colour).text(text, left, y, options);
    },
    textWidth(text, size) {
      useFont(size);
      return doc.widthOfString(text);
    },
    clipped(x, y, width, height, draw) {
      doc.save();
      doc.rect(x, y, width, height).clip();
      draw();
      doc.restore();
    },
  };
}

/**
 * A one-page PDF of `width` × `height` points, drawn as vector paths, with the font's glyphs
 * embedded as a subset so it prints the same anywhere.
 */
export function paintPdf(
  font: MapFont,
  page: { width: number; height: number },
  info: { title: string; author: string; date: Date },
  draw: (painter: Painter) => void,
): Promise<Buffer> {
  return paintPdfPages(font, page, info, (painter) => draw(painter));
}

/**
 * A PDF of as many pages as `draw` asks for: it starts on the first and calls `newPage` to go on to
 * the next, each the same size, all with the one embedded font.
 */
export function paintPdfPages(
  font: MapFont,
  page: { width: number; height: number },
  info: { title: string; author: string; date: Date },
  draw: (painter: Painter, newPage: () => void) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [page.width, page.height],
    margin: 0,
    autoFirstPage: true,
    info: { Title: info.title, Author: info.author, CreationDate: info.date, ModDate: info.date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    if (font.face) doc.font(font.path, font.face);
    else doc.font(font.path);
  } catch (error) {
    throw new MapFontMissing(
      `The Chinese font for map sheets, ${font.path}${font.face ? ` (face ${font.face})` : ''}, could not be read: ${(error as Error).message}`,
    );
  }
  draw(pdfPainter(doc), () => doc.addPage({ size: [page.width, page.height], margin: 0 }));
  doc.end();
  return done;
}
