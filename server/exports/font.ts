import { existsSync } from 'node:fs';

/** Debian's fonts-noto-cjk; its collection holds the Simplified Chinese face under this PostScript name. */
const DEFAULT_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const DEFAULT_FACE = 'NotoSansCJKsc-Regular';

/** A font with Chinese glyphs; `face` picks one face out of a collection (.ttc/.otc). */
export interface MapFont {
  path: string;
  face?: string;
}

/** No usable Chinese font: a sheet without one would print boxes instead of its title and legend. */
export class MapFontMissing extends Error {}

const isCollection = (path: string) => /\.(ttc|otc)$/i.test(path);

/** The font named by ONEMAP_MAP_FONT (and ONEMAP_MAP_FONT_FACE inside a collection), or Noto Sans CJK. */
export function mapFontFromEnv(env: NodeJS.ProcessEnv = process.env): MapFont {
  const path = env.ONEMAP_MAP_FONT || DEFAULT_FONT;
  if (!existsSync(path)) {
    throw new MapFontMissing(
      `The Chinese font for map sheets, ${path}, is not there: install fonts-noto-cjk or set ONEMAP_MAP_FONT to an OpenType/TrueType font with Chinese glyphs.`,
    );
  }
  if (!isCollection(path)) return { path };
  return { path, face: env.ONEMAP_MAP_FONT_FACE || DEFAULT_FACE };
}
