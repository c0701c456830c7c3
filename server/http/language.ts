import type { Request } from 'express';
import type { Label } from '../../catalog/label.ts';

/**
 * The language of a problem's words where they are said in both: English unless the client asks
 * for Chinese first, since scripts and API tools read the API's English while the web map asks in
 * its interface language.
 */
export function messageLanguageOf(req: Request): keyof Label {
  const preferred = req.acceptsLanguages('en', 'zh', 'zh-CN');
  return typeof preferred === 'string' && preferred.startsWith('zh') ? 'zh' : 'en';
}
