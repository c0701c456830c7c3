import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Role } from '../../catalog/roles.ts';
import { createApp } from '../../server/app.ts';
import { problemHandler } from '../../server/http/problem.ts';
import { openApiDocument } from '../../server/routes/openapi.ts';
import { operation, operationsRouter } from '../../server/routes/operations.ts';
import type { Store } from '../../server/store/index.ts';

/**
 * Operations as data: one definition is mounted as a route and described in the document. A small
 * hand-made list checks the mechanism against expectations written here; the app's own document is
 * checked for what OpenAPI requires of any document (every $ref resolves, every path parameter is
 * declared, operation ids are unique).
 */

const note = z.strictObject({ title: z.string().min(1, 'must not be empty'), pages: z.number().int().optional() });

const sample = [
  operation({
    method: 'get',
    path: '/notes/{noteId}',
    operationId: 'getNote',
    summary: 'One note',
    tags: ['notes'],
    parameters: [{ name: 'noteId', in: 'path', required: true, schema: { type: 'string' } }],
    query: z.strictObject({ verbose: z.enum(['yes', 'no']).optional() }),
    responses: { '200': { description: 'The note.' } },
    handler: (req, res, input) => {
      res.json({ id: req.params.noteId, ...input.query() });
    },
  }),
  operation({
    method: 'post',
    path: '/notes',
    role: 'planner',
    body: { schema: note, strict: true },
    operationId: 'addNote',
    summary: 'Add a note',
    tags: ['notes'],
    responses: { '201': { description: 'Added.' } },
    handler: (_req, res, input) => {
      res.status(201).json(input.body());
    },
  }),
  operation({
    method: 'get',
    path: '/notes/{noteId}/history',
    role: 'responder',
    turns: (_req, _res, next) => next(),
    operationId: 'noteHistory',
    summary: 'A note’s history',
    tags: ['notes'],
    parameters: [{ name: 'noteId', in: 'path', required: true, schema: { type: 'string' } }],
    responses: { '200': { description: 'Its history.' } },
    handler: (_req, res) => {
      res.json([]);
    },
  }),
];

describe('an operation list, mounted', () => {
  let url = '';
  let close = () => {};
  beforeAll(async () => {
    const app = express();
    app.use(express.json());
    // Who asks, as the authenticate middleware would say it: a role in a header, or nobody.
    app.use((req, res, next) => {
      const role = req.get('x-role') as Role | undefined;
      if (role) res.locals.user = { username: `a ${role}`, role } as never;
      next();
    });
    app.use(operationsRouter(sample));
    app.use(problemHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const send = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const json = { 'content-type': 'application/json' };

  it.each([
    ['anyone reads a public operation', 'GET', '/notes/n1', {}, undefined, 200, undefined],
    ['its query is parsed with its schema', 'GET', '/notes/n1?verbose=maybe', {}, undefined, 400, 'verbose'],
    ['an unknown query parameter is refused', 'GET', '/notes/n1?colour=red', {}, undefined, 400, 'colour'],
    ['nobody signed in may not add', 'POST', '/notes', json, '{"title":"x"}', 401, undefined],
    ['a responder may not add', 'POST', '/notes', { ...json, 'x-role': 'responder' }, '{"title":"x"}', 403, undefined],
    ['a planner may add', 'POST', '/notes', { ...json, 'x-role': 'planner' }, '{"title":"x"}', 201, undefined],
    [
      'a role above the least may add',
      'POST',
      '/notes',
      { ...json, 'x-role': 'admin' },
      '{"title":"x"}',
      201,
      undefined,
    ],
    [
      'a body of another type is refused',
      'POST',
      '/notes',
      { 'content-type': 'text/plain', 'x-role': 'planner' },
      '{"title":"x"}',
      415,
      'Content-Type',
    ],
    [
      'the body is parsed with its schema',
      'POST',
      '/notes',
      { ...json, 'x-role': 'planner' },
      '{"title":""}',
      400,
      'title',
    ],
    ['a responder reads the history', 'GET', '/notes/n1/history', { 'x-role': 'responder' }, undefined, 200, undefined],
    ['nobody signed in may not read it', 'GET', '/notes/n1/history', {}, undefined, 401, undefined],
  ])('%s', async (_name, method, path, headers, body, status, field) => {
    const answer = await send(method, path, headers as Record<string, string>, body);
    expect(answer.status).toBe(status);
    if (field) expect(answer.body['invalid-params'].map((p: { name: string }) => p.name)).toContain(field);
  });

  it('hands the handler the parsed body, not the raw one', async () => {
    const answer = await send('POST', '/notes', { ...json, 'x-role': 'planner' }, '{"title":"x","pages":3}');
    expect(answer.body).toEqual({ title: 'x', pages: 3 });
  });
});

describe('an operation list, documented', () => {
  const doc = openApiDocument(sample)('http://example.org') as any;

  it('writes each operation at its path, with the role it declares and the refusals that follow', () => {
    const add = doc.paths['/notes'].post;
    expect(add['x-onemap-role']).toBe('planner');
    expect(add.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(add.responses)).toEqual(['201', '400', '401', '403', '415']);
    const history = doc.paths['/notes/{noteId}/history'].get;
    // Every signed-in user is at least a responder: only 401 can refuse one.
    expect(Object.keys(history.responses)).toEqual(['200', '401', '429']);
    expect(doc.paths['/notes/{noteId}'].get['x-onemap-role']).toBeUndefined();
  });

  it('describes a body and a query from the zod schemas the handler parses with', () => {
    const body = doc.paths['/notes'].post.requestBody;
    expect(body.required).toBe(true);
    const schema = body.content['application/json'].schema;
    expect(schema.properties.title).toEqual({ type: 'string', minLength: 1 });
    expect(schema.required).toEqual(['title']);
    expect(schema.additionalProperties).toBe(false);
    const verbose = doc.paths['/notes/{noteId}'].get.parameters.find((p: { name: string }) => p.name === 'verbose');
    expect(verbose).toEqual({ name: 'verbose', in: 'query', schema: { type: 'string', enum: ['yes', 'no'] } });
  });
});

describe("the app's API document", () => {
  let doc: any;
  beforeAll(async () => {
    // The document needs no store: the operations are built, never called.
    const app = createApp({ store: { accounts: {} } as unknown as Store, config: { corsOrigins: [] } });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    doc = await (await fetch(`http://127.0.0.1:${port}/api`)).json();
    server.close();
  });

  const operations = () =>
    Object.entries<Record<string, any>>(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );

  it('names each operation once', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path parameter of every path, and no other', () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations()) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path');
      const names = declared.map((p: any) => p.name).sort();
      if (JSON.stringify(inPath) !== JSON.stringify(names)) wrong.push(`${method} ${path}: ${names.join(',')}`);
      if (declared.some((p: any) => p.required !== true)) wrong.push(`${method} ${path}: a path parameter is optional`);
    }
    expect(wrong).toEqual([]);
  });

  it('names only schemas it defines', () => {
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    const missing = refs.map((r) => r.slice(22, -1)).filter((name) => !(name in doc.components.schemas));
    expect(refs.length).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('answers every operation with a problem when it refuses, and says who may call it', () => {
    const wrong: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const [status, response] of Object.entries<any>(op.responses)) {
        const problem = response.content?.['application/problem+json'];
        if (Number(status) >= 400 && !problem) wrong.push(`${method} ${path} ${status}`);
      }
      if (op['x-onemap-role'] && !op.responses['401']) wrong.push(`${method} ${path}: no 401`);
    }
    expect(wrong).toEqual([]);
  });
});
