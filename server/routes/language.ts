import type { Request } from 'express';
import type { Label } from '../layers/registry.ts';

/** Simplified Chinese first; English when the client prefers it. */
export function languageOf(req: Request): keyof Label {
  return req.acceptsLanguages('zh', 'zh-CN', 'en') === 'en' ? 'en' : 'zh';
}
