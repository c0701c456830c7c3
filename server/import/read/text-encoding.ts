import iconv from 'iconv-lite';
import { refuse } from '../errors.ts';

/**
 * Text files from Chinese offices come in UTF-8 (with or without a BOM) or in the Windows code page,
 * GBK, which GB18030 extends; Excel's "Unicode text" is UTF-16. A file that is valid UTF-8 is read
 * as UTF-8, anything else as GB18030, and a file that is neither is refused rather than read as
 * mojibake.
 */

export interface Decoded {
  text: string;
  encoding: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The names a .cpg file or a user gives, as iconv-lite knows them. */
export function encodingName(label: string): string | undefined {
  const name = label
    .trim()
    .toLowerCase()
    .replace(/^ansi\s*/, '');
  if (/^(utf-?8|65001)$/.test(name)) return 'utf-8';
  if (/^(gbk|cp936|936|gb2312|ms936|windows-936|euc-cn)$/.test(name)) return 'gb18030';
  if (name === 'gb18030' || name === '54936') return 'gb18030';
  if (/^(big5|950|cp950)$/.test(name)) return 'big5';
  if (/^(latin1|iso-?8859-?1|1252|cp1252|windows-1252)$/.test(name)) return 'windows-1252';
  return iconv.encodingExists(name) ? name : undefined;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Control characters other than tab and line breaks mean the bytes were not text in that encoding;
 * so does half a surrogate pair in UTF-16, which no later step could keep.
 */
function garbled(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd || (code < 32 && code !== 9 && code !== 10 && code !== 13)) return i;
  }
  return LONE_SURROGATE.exec(text)?.index ?? -1;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function decodeText(bytes: Buffer, declared?: string): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return checked(bytes.subarray(3).toString('utf8'), 'UTF-8 (BOM)');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checked(bytes.subarray(2).toString('utf16le'), 'UTF-16LE');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checked(iconv.decode(bytes.subarray(2), 'utf-16be'), 'UTF-16BE');
  if (declared) return checked(iconv.decode(bytes, declared), declared.toUpperCase(), true);
  if (isUtf8(bytes)) return checked(bytes.toString('utf8'), 'UTF-8');
  return checked(iconv.decode(bytes, 'gb18030'), 'GBK/GB18030');
}

function checked(text: string, encoding: string, declared = false): Decoded {
  const at = garbled(text);
  if (at >= 0) {
    const expected = declared ? `valid ${encoding}` : 'UTF-8 or GBK/GB18030 text';
    refuse(
      'file',
      `不是${declared ? `有效的 ${encoding}` : ' UTF-8 或 GBK/GB18030 '}文本(第 ${lineOf(text, at)} 行有无法识别的字节);` +
        '请在 Excel 中另存为“CSV UTF-8”或“CSV (逗号分隔)”',
      `is not ${expected} (unreadable bytes on line ${lineOf(text, at)}); ` +
        'save it from Excel as "CSV UTF-8" or "CSV (逗号分隔)"',
    );
  }
  return { text, encoding };
}
