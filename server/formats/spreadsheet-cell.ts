/**
 * A text cell of a spreadsheet, both ways. Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula, so a
 * name such as `=HYPERLINK(…)` in a downloaded sheet could act on whoever opens it. Such text goes
 * out behind an apostrophe, the spreadsheets' own mark for "this is text", and the import takes
 * exactly one apostrophe off again, so every text survives the round trip.
 */
const GUARDED = /^'*[=+\-@\t\r]/;

export function guardFormula(text: string): string {
  return GUARDED.test(text) ? `'${text}` : text;
}

export function unguardFormula(text: string): string {
  return text.startsWith("'") && GUARDED.test(text) ? text.slice(1) : text;
}

/** A CSV field: quoted when it holds a quote, a comma or a line break (RFC 4180). */
export function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
