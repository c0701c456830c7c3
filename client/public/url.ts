import type { Language } from '../i18n/translator.ts';

/** What a link to the public map reproduces: the version (the latest when absent), the language, embedding. */
export interface PublicState {
  version?: number;
  lang: Language;
  embed: boolean;
}

export function readPublicState(search = window.location.search): PublicState {
  const params = new URLSearchParams(search);
  const version = params.get('v');
  return {
    version: version && /^[1-9]\d{0,8}$/.test(version) ? Number(version) : undefined,
    lang: params.get('lang') === 'en' ? 'en' : 'zh',
    embed: params.get('embed') === '1',
  };
}

export function publicQuery(state: PublicState): string {
  const params = new URLSearchParams();
  if (state.version) params.set('v', String(state.version));
  if (state.lang !== 'zh') params.set('lang', state.lang);
  if (state.embed) params.set('embed', '1');
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** A new history entry, so the back button returns to the version shown before. */
export function pushPublicState(state: PublicState): void {
  window.history.pushState(null, '', `${window.location.pathname}${publicQuery(state)}`);
}
