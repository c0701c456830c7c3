import type { Request } from 'express';

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/** Absolute links from the request's own origin, so a client can follow them as they are. */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

export function withQuery(url: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const query = search.toString();
  return query ? `${url}?${query}` : url;
}
