export type Language = 'zh' | 'en';

export interface Translator<K extends string> {
  t(key: K): string;
  setLanguage(lang: Language): void;
  language(): Language;
}

/**
 * The words of a table of keys `K` in two languages. The English table is typed by the Chinese one's
 * keys (`Record<K, string>`), so a key missing from either, or one only one of them has, fails the
 * type check; `t` takes only keys the tables have. A key built at run time (`tool.${id}`) is asserted
 * as a key where it is built, and shows itself if a table lacks it, so a gap is visible, not blank.
 */
export function translator<K extends string>(zh: Record<K, string>, en: Record<K, string>): Translator<K> {
  let current: Language = 'zh';
  return {
    t: (key) => (current === 'en' ? en : zh)[key] ?? key,
    setLanguage(lang) {
      current = lang;
      document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    },
    language: () => current,
  };
}
