import { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import type { Role } from '../../catalog/roles.ts';
import { requireRole } from '../http/auth.ts';
import { requireContentType } from '../http/preconditions.ts';
import { invalidParam } from '../http/problem.ts';
import { parseOrRefuse } from '../http/zod-problems.ts';
import type { LayerDef } from '../layers/registry.ts';
import type { Schema } from './openapi-parts.ts';

/**
 * An API operation as data: its method and path, the least role it needs, the schemas its handler
 * parses the query and body with, what the document says of it, and the handler. The app mounts a
 * list of them (`operationsRouter`) and `/api` is generated from the same list (openapi.ts), so what
 * is served, what is documented and who may call it are each written once.
 */

/** A parameter as the document shows it (an OpenAPI Parameter Object). */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  style?: 'form';
  explode?: boolean;
  schema: Schema;
}

/** What the document says of an operation, beside what the route itself declares. */
export interface Description {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Path and header parameters, and query parameters the handler reads without a zod schema. */
  parameters?: Parameter[];
  /** The body's JSON Schema, where another check than a zod schema reads it (a feature of its layer). */
  bodySchema?: Schema;
  /** Responses by status; those the route's own declarations imply (401, 403, 415, 429) are added. */
  responses: Record<string, Schema>;
}

interface Body<B extends z.ZodType> {
  /** What `input.body()` parses with, and what the document shows. */
  schema?: B;
  /** The media types the document lists; JSON when absent. */
  types?: string[];
  /** Other media types are refused with 415 (the writes); without it, what is sent is read (analyses, imports). */
  strict?: boolean;
  /** The body may be left out. */
  optional?: boolean;
}

/** The request's parts, each parsed with the operation's own schema at the moment the handler asks. */
interface Input<B, Q> {
  /** The body: of an accepted type, then parsed; refused naming every problem. */
  body(): B;
  /** The query: parsed, refused naming every problem. */
  query(): Q;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Route<B extends z.ZodType, Q extends z.ZodType> {
  method: Method;
  /** As the document writes it: `{name}` is a path parameter. */
  path: string;
  /** The least role: every role above it may too. Absent, anyone may, signed in or not. */
  role?: Role;
  query?: Q;
  body?: Body<B>;
  /** A heavy read waits for its turn here (http/limits.ts), after the role check. */
  turns?: RequestHandler;
  /**
   * A path parameter of free text, the path's last segment: a percent-escape in it that decodes to
   * no text is refused naming it, as any other bad value of it is, rather than as a bare path.
   */
  textParameter?: string;
  handler(req: Request, res: Response, input: Input<z.output<B>, z.output<Q>>): unknown;
}

/**
 * Documented once, or once per layer: `{collectionId}` in the path becomes each layer's id, with
 * that layer's own schemas and filters.
 */
type Documented = (Description & { eachLayer?: undefined }) | { eachLayer: (layer: LayerDef) => Description };

export type Operation<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> = Route<B, Q> & Documented;

/** An operation with its handler's input typed from its own schemas. */
export function operation<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown>(
  op: Operation<B, Q>,
): Operation {
  return op as unknown as Operation;
}

/** `/tiles/{layer}.json` as Express writes it: `/tiles/:layer.json`. */
const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function inputOf(op: Operation, req: Request): Input<unknown, unknown> {
  return {
    body() {
      if (op.body?.strict) requireContentType(req, op.body.types ?? ['application/json']);
      const value = op.body?.optional ? (req.body ?? {}) : req.body;
      return op.body?.schema ? parseOrRefuse(op.body.schema, value) : value;
    },
    query: () => (op.query ? parseOrRefuse(op.query, req.query) : req.query),
  };
}

/** Refuses a text segment that no percent-decoding makes text, naming the parameter. */
const refuseUndecodable =
  (name: string) =>
  (req: Request, _res: Response, next: NextFunction): void => {
    try {
      decodeURIComponent(req.path.slice(1));
    } catch {
      throw invalidParam(name, 'is not percent-encoded UTF-8 text');
    }
    next();
  };

/**
 * The operations as routes, in the order given (a literal path before a parameter that would match
 * it): each checks its role, waits its turn when it is a heavy read, then runs its handler.
 */
export function operationsRouter(operations: Operation[]): Router {
  const router = Router();
  const guarded = new Set<string>();
  for (const op of operations) {
    const path = expressPath(op.path);
    if (op.textParameter) {
      // Checked before the route is matched, since matching decodes the segment and fails without a name.
      const prefix = path.slice(0, path.lastIndexOf(`/:${op.textParameter}`));
      if (!guarded.has(prefix)) router.use(prefix, refuseUndecodable(op.textParameter));
      guarded.add(prefix);
    }
    const before = [...(op.role ? [requireRole(op.role)] : []), ...(op.turns ? [op.turns] : [])];
    router[op.method](path, ...before, async (req, res) => {
      await op.handler(req, res, inputOf(op, req));
    });
  }
  return router;
}
