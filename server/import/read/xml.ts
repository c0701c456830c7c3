/**
 * What the XML readers (KML, OpenStreetMap) share: a document that declares a DTD or entities is
 * refused before it is parsed, since entities can read local files or expand to gigabytes and
 * neither format needs them; the parser is told not to expand entities, and the five predefined
 * ones and numeric references are decoded here, which expands nothing.
 */
import { refuse } from '../errors.ts';

export function refuseDeclarations(text: string, format: string): void {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    refuse(
      'file',
      `${format} 声明了 DTD 或 XML 实体,${format} 从不需要它们;为安全起见拒绝`,
      `the ${format} declares a DTD or XML entities, which ${format} never needs; refused for safety`,
    );
  }
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
