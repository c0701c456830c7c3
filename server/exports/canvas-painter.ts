import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { type MapFont, MapFontMissing } from './font.ts';
import type { Painter } from './painter.ts';

const families = new Map<string, string>();

/** Registers the font file once per process under a name of its own, so no installed font stands in for it. */
function familyOf(font: MapFont): string {
  let family = families.get(font.path);
  if (!family) {
    family = `OneMapSheet${families.size}`;
    if (!GlobalFonts.registerFromPath(font.path, family)) {
      throw new MapFontMissing(`The Chinese font for map sheets, ${font.path}, could not be read.`);
    }
    families.set(font.path, family);
  }
  return family;
}

function canvasPainter(ctx: SKRSContext2D, family: string): Painter {
  const useFont = (size: number) => {
    ctx.font = `${size}px ${family}`;
  };
  return {
    path(rings, paint, closed = true) {
      ctx.beginPath();
      for (const ring of rings) {
        for (const [i, [x, y]] of ring.entries()) {
          if (i === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        }
        if (closed) ctx.closePath();
      }
      if (paint.fill && closed) {
        ctx.fillStyle = paint.fill;
        ctx.fill('evenodd');
      }
      if (paint.stroke) {
        ctx.strokeStyle = paint.stroke.colour;
        ctx.lineWidth = paint.stroke.width;
        ctx.setLineDash(paint.stroke.dash ?? []);
        ctx.lineJoin = 'round';
        ctx.stroke();
      }
    },
    text(text, x, y, style) {
      useFont(style.size);
      ctx.textAlign = style.align ?? 'left';
      ctx.textBaseline = 'alphabetic';
      if (style.halo) {
        ctx.strokeStyle = style.halo;
        ctx.lineWidth = style.size / 4;
        ctx.lineJoin = 'round';
        ctx.setLineDash([]);
        ctx.strokeText(text, x, y);
      }
      ctx.fillStyle = style.colour;
      ctx.fillText(text, x, y);
    },
    textWidth(text, size) {
      useFont(size);
      return ctx.measureText(text).width;
    },
    clipped(x, y, width, height, draw) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, y, width, height);
      ctx.clip();
      draw();
      ctx.restore();
    },
  };
}

/** A white page of `width` × `height` units, `scale` pixels to the unit, drawn by `draw` and encoded as PNG. */
export async function paintPng(
  font: MapFont,
  size: { width: number; height: number; scale: number },
  draw: (painter: Painter) => void,
): Promise<Buffer> {
  const family = familyOf(font);
  const canvas = createCanvas(Math.round(size.width * size.scale), Math.round(size.height * size.scale));
  const ctx = canvas.getContext('2d');
  // In a collection whose first face is not the Chinese one, the language still picks the Simplified glyph forms.
  ctx.lang = 'zh-CN';
  ctx.scale(size.scale, size.scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size.width, size.height);
  draw(canvasPainter(ctx, family));
  return canvas.encode('png');
}
