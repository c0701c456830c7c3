import type { z } from 'zod';

/**
 * What free text the server stores and shows, whichever door it comes in by (a feature, a stock
 * row, a user, a publication, a filter, an import option). Any script, tabs and line breaks; but
 * not:
 * - control characters (C0 but tab and line breaks, DEL, C1): corruption or mischief, and
 *   PostgreSQL refuses NUL in text outright;
 * - lone UTF-16 surrogates: not Unicode at all, so UTF-8 cannot carry them and jsonb refuses them;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): each opens a
 *   direction that runs on past it, so a name can display as something other than what it is.
 * The three directional marks (U+200E, U+200F, U+061C) are allowed: they open nothing that runs on,
 * and a Uyghur or other right-to-left name written beside Chinese may need one to display right.
 */

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isControl = (code: number) =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
const isBidiControl = (code: number) => (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

/** Why a text may not be stored, or undefined when it may. */
export function textProblem(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x7f && !isControl(code)) continue;
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (isHighSurrogate(code) || isLowSurrogate(code)) {
      return `contains a lone UTF-16 surrogate (${hex(code)}), which is not a character`;
    }
    if (code === 0) return 'contains a NUL character (U+0000)';
    if (isControl(code)) return `contains the control character ${hex(code)}`;
    if (isBidiControl(code)) {
      return `contains the bidirectional control ${hex(code)}, which changes how the text around it is shown`;
    }
  }
  return undefined;
}

/** A zod string schema that also refuses what textProblem refuses, with its reason. */
export function plainText<T extends z.ZodType<string>>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }) as T;
}
