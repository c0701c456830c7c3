/**
 * How deep JSON from outside may nest. Nothing the API takes goes deeper than about ten levels (a
 * MultiPolygon in a feature in a collection is eight); a body nested thousands deep is an attack
 * on whatever walks it next (the validator, the merge patch, jsonb's parser). The scan runs on the
 * raw text before it is parsed, and stops at the first level too deep.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** Whether arrays and objects in the JSON text (UTF-8 bytes, or a string) nest deeper than `limit`. */
export function nestsDeeperThan(json: Uint8Array | string, limit = MAX_JSON_DEPTH): boolean {
  const codes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
