import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpProblem } from './problem.ts';

/**
 * Heavy reads — layer exports, map sheets, tiles — take their turn, so no client can hold the server:
 * each client (a signed-in user by name, anyone else by address) runs a few at once and queues a few
 * more, and every client together runs a bounded number; past the queue the answer is 429 with
 * Retry-After, at once, rather than a wait nobody sees the end of. Staff get more room than the public,
 * but a bound all the same. The numbers are data, here.
 */

interface Bound {
  running: number;
  waiting: number;
}

interface Limits {
  public: Bound;
  internal: Bound;
  /** All clients together. */
  all: Bound;
}

export const HEAVY_READS = {
  exports: {
    public: { running: 2, waiting: 4 },
    internal: { running: 4, waiting: 8 },
    all: { running: 4, waiting: 64 },
  },
  sheets: {
    public: { running: 1, waiting: 2 },
    internal: { running: 2, waiting: 4 },
    all: { running: 2, waiting: 32 },
  },
  tiles: {
    public: { running: 8, waiting: 64 },
    internal: { running: 16, waiting: 128 },
    all: { running: 16, waiting: 1024 },
  },
} satisfies Record<string, Limits>;

/** A counting semaphore whose queue has a bound: `enter` resolves false when the queue is full. */
class Gate {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly bound: Bound) {}

  get idle() {
    return this.running === 0 && this.queue.length === 0;
  }

  enter(): Promise<boolean> {
    if (this.running < this.bound.running) {
      this.running++;
      return Promise.resolve(true);
    }
    if (this.queue.length >= this.bound.waiting) return Promise.resolve(false);
    return new Promise((resolve) => this.queue.push(() => resolve(true)));
  }

  leave(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }
}

const tooMany = () =>
  new HttpProblem(429, 'Too many requests', 'Too many of these requests at once; try again in a moment.');

/** A middleware letting a request of this kind through when its client's and everyone's turn comes. */
export function takeTurns(limits: Limits): RequestHandler {
  const everyone = new Gate(limits.all);
  const clients = new Map<string, Gate>();
  return async (req: Request, res: Response, next: NextFunction) => {
    const staff = res.locals.audience === 'internal';
    const key = staff ? `user:${res.locals.user?.username}` : `ip:${req.ip}`;
    const gate = clients.get(key) ?? new Gate(staff ? limits.internal : limits.public);
    clients.set(key, gate);
    const release = (inside: Gate[]) => {
      for (const g of inside) g.leave();
      if (gate.idle) clients.delete(key);
    };
    if (!(await gate.enter())) {
      if (gate.idle) clients.delete(key);
      res.set('Retry-After', '1');
      return next(tooMany());
    }
    if (!(await everyone.enter())) {
      release([gate]);
      res.set('Retry-After', '1');
      return next(tooMany());
    }
    // A client that went away while it waited gives its turn back at once.
    if (res.destroyed || res.writableEnded) return release([gate, everyone]);
    res.once('close', () => release([gate, everyone]));
    next();
  };
}
