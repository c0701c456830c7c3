import { staff } from './http.ts';

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** A staff client: JSON in, JSON out, the token on every request unless told otherwise. */
export function writer(baseUrl: string) {
  return async function send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string | undefined> = {},
  ): Promise<Reply> {
    const raw = typeof body === 'string' || body === undefined ? body : JSON.stringify(body);
    const all: Record<string, string> = { ...staff, 'content-type': 'application/geo+json' };
    for (const [key, value] of Object.entries(headers)) {
      if (value === undefined) delete all[key];
      else all[key] = value;
    }
    const response = await fetch(baseUrl + path, { method, headers: all, body: raw });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}
