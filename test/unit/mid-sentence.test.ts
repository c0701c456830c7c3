/**
 * A layer's title inside a sentence: lower-cased in English ("Attached: 5 nearest rescue teams"),
 * as written when it is an abbreviation, untouched in Chinese, and every catalog title read back.
 */
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../catalog/layers.ts';
import { MESSAGES, midSentence } from '../../client/i18n/index.ts';

describe('midSentence', () => {
  it.each([
    ['Rescue teams', 'en', 'rescue teams'],
    ['Forest-fire cameras', 'en', 'forest-fire cameras'],
    ['AED points', 'en', 'AED points'],
    ['', 'en', ''],
    ['应急救援队伍', 'zh', '应急救援队伍'],
    ['Rescue teams', 'zh', 'Rescue teams'],
  ] as const)('%s in %s reads %s', (title, lang, expected) => {
    expect(midSentence(title, lang)).toBe(expected);
  });

  it.each(LAYERS.map((layer) => [layer.id, layer.title.en]))(
    '%s (%s) begins in lower case mid-sentence',
    (_, title) => {
      const inside = MESSAGES.en['incidents.attachedNearest']
        .replace('{n}', '5')
        .replace('{layer}', midSentence(title, 'en'));
      expect(inside).toMatch(/^Attached: 5 nearest \p{Ll}/u);
      expect(inside.toLowerCase()).toBe(`attached: 5 nearest ${title.toLowerCase()}`);
    },
  );
});
