import type { FeatureCollection } from 'geojson';
import { formatLsn, POSITION_HEADER, parseLsn } from '../catalog/commit-position.ts';
import type { Dataset, MapSettings } from '../catalog/datasets.ts';
import { hasRole, type Role } from '../catalog/roles.ts';
import type { User } from '../catalog/users.ts';
import { language } from './i18n/index.ts';

/** The client reads the same OGC API as any other client; nothing here is private to it. */

export interface Collection {
  id: string;
  title: string;
  titles: { zh: string; en: string };
  group: string;
  geometryTypes: string[];
  featureCount: number;
  extent: { spatial: { bbox: number[][] } };
}

export interface Landing {
  title: string;
  dataset: Dataset | null;
  map?: MapSettings;
}

export interface FieldSchema {
  title: string;
  type?: string | string[];
  enum?: unknown[];
  items?: { enum?: string[] };
  minimum?: number;
  maximum?: number;
  format?: string;
  'x-unit'?: string;
  'x-value-labels'?: Record<string, string>;
  /** Changes by the hour (a shelter's status, free places): responders may set it. */
  'x-live'?: boolean;
}

/** A refusal from the API, with the problem+json it sent: `invalidParams` names the fields to fix. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { detail?: string; 'invalid-params'?: { name: string; reason: string }[] },
  ) {
    super(problem.detail ?? `HTTP ${status}`);
  }
}

export type SignedInUser = Pick<User, 'username' | 'display_name' | 'role'>;

const TOKEN_KEY = 'onemap.token';
const USER_KEY = 'onemap.user';

/**
 * Staff sign in for this browser tab; the token goes with every request until they sign out or it
 * expires. Each role may do what the roles before it may (catalog/roles.ts).
 */
export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  user: (): SignedInUser | null => JSON.parse(sessionStorage.getItem(USER_KEY) ?? 'null'),
  can(least: Role): boolean {
    return session.token() !== null && hasRole(session.user()?.role, least);
  },
  signIn(token: string, user: SignedInUser) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

const POSITION_KEY = 'onemap.lsn';

/**
 * The commit position of the last write this tab saw (catalog/commit-position.ts), sent with every
 * request so that, behind read replicas, what the user just saved is what the map shows next.
 */
const lastWrite = {
  get: () => sessionStorage.getItem(POSITION_KEY),
  note(response: Response) {
    const sent = response.headers.get(POSITION_HEADER);
    const position = sent === null ? undefined : parseLsn(sent);
    const kept = lastWrite.get();
    if (position === undefined || (kept !== null && (parseLsn(kept) ?? 0n) >= position)) return;
    sessionStorage.setItem(POSITION_KEY, formatLsn(position));
  },
};

function headers(extra: Record<string, string> = {}): Record<string, string> {
  // The interface language, not the browser's, decides the labels the API returns.
  const all: Record<string, string> = { accept: 'application/json', 'accept-language': language(), ...extra };
  const token = session.token();
  if (token) all.authorization = `Bearer ${token}`;
  const position = lastWrite.get();
  if (position) all[POSITION_HEADER] = position;
  return all;
}

async function reply<T>(response: Response): Promise<T> {
  lastWrite.note(response);
  const body = await response.json().catch(() => ({}));
  // An expired session: forget it, so the next request reads as the public rather than failing again.
  if (response.status === 401 && session.token()) session.signOut();
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

export async function getJson<T>(path: string): Promise<T> {
  return reply<T>(await fetch(path, { headers: headers() }));
}

/** A read as the public makes it, without the token, yet at least as new as this tab's last write. */
export async function getPublicJson<T>(path: string): Promise<T> {
  const { authorization: _token, ...anonymous } = headers();
  return reply<T>(await fetch(path, { headers: anonymous, credentials: 'omit' }));
}

/**
 * A file the API sends as a download (an export), fetched with the reader's token so staff get their
 * fields, with the name the server gave it (Content-Disposition's UTF-8 name, the Chinese one).
 */
export async function fetchDownload(path: string): Promise<{ blob: Blob; name: string }> {
  const response = await fetch(path, { headers: headers({ accept: '*/*' }) });
  if (!response.ok) return reply<never>(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/.exec(disposition)?.[1];
  return { blob: await response.blob(), name: utf8 ? decodeURIComponent(utf8) : (plain ?? 'download') };
}

async function sendJson<T>(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T> {
  return reply<T>(
    await fetch(path, { method, headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) }),
  );
}

export const postJson = <T>(path: string, body: unknown) => sendJson<T>('POST', path, body);

/** A file staff may read (a PDF, a page to print), as a Blob: a plain link would go without the token. */
export async function getFile(path: string): Promise<Blob> {
  return (await fetchDownload(path)).blob;
}

/** An HTML form with files, as multipart/form-data: the browser writes the boundary of its parts. */
export async function postForm<T>(path: string, body: FormData): Promise<T> {
  return reply<T>(await fetch(path, { method: 'POST', headers: headers(), body }));
}
export const patchJson = <T>(path: string, body: unknown) => sendJson<T>('PATCH', path, body);

export const fetchLanding = () => getJson<Landing>('/?f=json');
export const fetchCollections = () => getJson<{ collections: Collection[] }>('/collections').then((r) => r.collections);
export const fetchSchema = (id: string) =>
  getJson<{ properties: Record<string, FieldSchema> }>(`/collections/${id}/schema`).then((r) => r.properties);

/** A page's `next` link as a path on this server, or undefined on the last page. */
export function nextPage(links: { rel: string; href: string }[]): string | undefined {
  const href = links.find((l) => l.rel === 'next')?.href;
  if (!href) return undefined;
  const url = new URL(href);
  return url.pathname + url.search;
}

/** Every feature of a layer, following the paging links. */
export async function fetchAllItems(id: string): Promise<FeatureCollection> {
  const features: FeatureCollection['features'] = [];
  let next: string | undefined = `/collections/${id}/items?limit=10000`;
  while (next) {
    const page: FeatureCollection & { links: { rel: string; href: string }[] } = await getJson(next);
    features.push(...page.features);
    next = nextPage(page.links);
  }
  return { type: 'FeatureCollection', features };
}

/** A write with its precondition: the revision the user edited, so a colleague's change is never overwritten. */
export async function writeFeature<T>(
  method: 'PATCH' | 'DELETE',
  path: string,
  revision: number,
  body?: unknown,
): Promise<T> {
  const extra: Record<string, string> = { 'if-match': `"${revision}"` };
  if (body !== undefined) extra['content-type'] = 'application/merge-patch+json';
  const response = await fetch(path, {
    method,
    headers: headers(extra),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) {
    lastWrite.note(response);
    return undefined as T;
  }
  return reply<T>(response);
}

/** A JSON write with its precondition (a whole resource replaced, or an action on it): PUT or POST with If-Match. */
export async function writeJson<T>(method: 'PUT' | 'POST', path: string, revision: number, body: unknown): Promise<T> {
  const extra = { 'if-match': `"${revision}"`, 'content-type': 'application/json' };
  return reply<T>(await fetch(path, { method, headers: headers(extra), body: JSON.stringify(body) }));
}
