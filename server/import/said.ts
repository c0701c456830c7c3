import type { Label } from '../../catalog/label.ts';

/**
 * A sentence of an import — a decision, a warning, a row's problem — said in both of the product's
 * languages where it is written, and put into one only as the report leaves (pipeline.ts): the
 * language the web map asks in, English at the command line. A plain string is said in English alone.
 */
export type Said = string | Label;

export const both = (zh: string, en: string): Label => ({ zh, en });

export function inLanguage(said: Said, lang: keyof Label): string {
  return typeof said === 'string' ? said : said[lang];
}
