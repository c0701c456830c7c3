import type { Response } from 'express';

/** RFC 8187 encoding: percent-escapes everything but the few characters a header value may carry bare. */
const extValue = (name: string) =>
  encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Names the file a response holds (RFC 6266): a plain ASCII name for old clients and the Chinese
 * one for the rest, e.g. shelters-2025-05-01.csv and 应急避难场所-2025-05-01.csv.
 */
export function nameDownload(res: Response, disposition: 'attachment' | 'inline', ascii: string, chinese: string) {
  res.set('Content-Disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${extValue(chinese)}`);
}
