export type Language = 'zh' | 'en';

export interface Translator {
  t(key: string): string;
  setLanguage(lang: Language): void;
  language(): Language;
}

/**
 * Simplified Chinese first: a key missing from the English table falls back to Chinese, and a key
 * missing from both shows itself, so a gap is visible rather than blank.
 */
export function translator(zh: Record<string, string>, en: Record<string, string>): Translator {
  let current: Language = 'zh';
  return {
    t: (key) => (current === 'en' ? en : zh)[key] ?? zh[key] ?? key,
    setLanguage(lang) {
      current = lang;
      document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    },
    language: () => current,
  };
}
