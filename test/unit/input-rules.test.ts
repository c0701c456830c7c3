import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../server/input/json-depth.ts';
import { textProblem } from '../../server/input/plain-text.ts';

describe('free text', () => {
  it.each([
    ['Chinese', '涵东街道应急避难场所'],
    ['a supplementary-plane character (a surrogate pair)', '𠮷野家'],
    ['an emoji', '避难场所🏕️'],
    ['tabs and line breaks', '一行\t二\r\n三行'],
    ['Uyghur with a right-to-left mark', 'ئۈرۈمچى\u200F 乌鲁木齐'],
    ['a left-to-right mark', 'A\u200EB'],
    ['an Arabic letter mark', '\u061Cمرحبا'],
    ['a zero-width joiner', '👨\u200D👩'],
  ])('takes %s', (_what, text) => {
    expect(textProblem(text)).toBeUndefined();
  });

  it.each([
    ['NUL', 'a\u0000b', /NUL/],
    ['a bell', 'a\u0007', /U\+0007/],
    ['an escape', '\u001b[0m', /U\+001B/],
    ['DEL', 'a\u007f', /U\+007F/],
    ['a C1 control', 'a\u0085', /U\+0085/],
    ['the last C1 control', '\u009f', /U\+009F/],
    ['a lone high surrogate at the end', '避难\ud83d', /surrogate \(U\+D83D\)/],
    ['a lone high surrogate before text', '\ud800a', /surrogate/],
    ['a lone low surrogate', 'a\udc00', /surrogate \(U\+DC00\)/],
    ['two high surrogates', '\ud800\ud800\udc00', /surrogate/],
    ['a left-to-right embedding', '\u202A', /U\+202A/],
    ['a right-to-left embedding', '\u202B', /U\+202B/],
    ['a pop', '\u202C', /U\+202C/],
    ['a left-to-right override', '\u202D', /U\+202D/],
    ['a right-to-left override', 'abc\u202Etxt.exe', /U\+202E/],
    ['a left-to-right isolate', '\u2066', /U\+2066/],
    ['a right-to-left isolate', '\u2067', /U\+2067/],
    ['a first-strong isolate', '\u2068', /U\+2068/],
    ['a pop isolate', '\u2069', /U\+2069/],
  ])('refuses %s', (_what, text, reason) => {
    expect(textProblem(text)).toMatch(reason);
  });
});

describe('JSON depth', () => {
  const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const objects = (n: number) => `${'{"k":'.repeat(n)}0${'}'.repeat(n)}`;

  it.each([
    ['arrays at the limit', arrays(MAX_JSON_DEPTH), false],
    ['arrays one past it', arrays(MAX_JSON_DEPTH + 1), true],
    ['objects at the limit', objects(MAX_JSON_DEPTH), false],
    ['objects one past it', objects(MAX_JSON_DEPTH + 1), true],
    ['brackets inside a string', `{"k": "${'['.repeat(100)}"}`, false],
    ['an escaped quote before brackets in a string', `["\\"${'{'.repeat(100)}"]`, false],
    ['an escaped backslash closing a string', `["\\\\", ${arrays(MAX_JSON_DEPTH)}]`, true],
    [
      'a GeoJSON MultiPolygon in a collection',
      JSON.stringify({ features: [{ geometry: { coordinates: [[[[1, 2]]]] } }] }),
      false,
    ],
  ])('%s', (_what, text, deeper) => {
    expect(nestsDeeperThan(text)).toBe(deeper);
    expect(nestsDeeperThan(Buffer.from(text))).toBe(deeper);
  });
});
