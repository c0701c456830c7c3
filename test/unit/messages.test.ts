/**
 * The web map's and the public map's words, walked key by key in both languages: every message said
 * in each, the same placeholders in each, no Chinese in the English but for the few names a reader
 * must see as written, and a table missing a key of the other refused by the type check itself.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES as STAFF } from '../../client/i18n/index.ts';
import { translator } from '../../client/i18n/translator.ts';
import { MESSAGES as PUBLIC } from '../../client/public/strings.ts';

const HAN = /\p{Script=Han}/u;
/** Names shown as written in either language: the other language's own name, and the two map apps. */
const AS_WRITTEN = ['中文', '高德', '百度', '演示数据', '应急一张图'];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each([
  ['the web map', STAFF],
  ['the public map', PUBLIC],
] as const)('%s', (_, { zh, en }) => {
  const rows = Object.keys(zh).map((key) => [
    key,
    (zh as Record<string, string>)[key],
    (en as Record<string, string>)[key],
  ]);

  it('has the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it.each(rows)('%s is said in both, with the same placeholders', (_key, chinese, english) => {
    expect(chinese.trim()).not.toBe('');
    expect(english.trim()).not.toBe('');
    expect(placeholders(english)).toEqual(placeholders(chinese));
    const bare = AS_WRITTEN.reduce((text, name) => text.replaceAll(name, ''), english);
    expect(bare).not.toMatch(HAN);
  });
});

describe('the tables’ type', () => {
  it('refuses a table missing a key of the other', () => {
    // @ts-expect-error: 'b' is missing from the English table.
    const partial = translator({ a: '甲', b: '乙' }, { a: 'A' });
    expect(partial.t('a')).toBe('甲');
  });
});
