export { MapFontMissing } from './font.ts';
export { renderMapSheet } from './render.ts';
export type { MapSheet, SheetFormat } from './sheet.ts';
