import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Read-your-writes across API processes and replicas. A commit position (catalog/commit-position.ts)
 * names how far a reader must have replayed to see a write. A session is one unit of work — an HTTP
 * request, one build of a cached value — and carries what its reads must see (`floor`: the position
 * a client brought) and where its reads went (`source`), so that all of them come from one server:
 * a replica replays in order, so a read never sees less than one before it in the same unit of work,
 * whichever replica lags more.
 *
 * The store keeps sessions in async context (node:async_hooks) rather than taking one per call: the
 * named queries stay as they are, and whoever starts a session (server/http/read-your-writes.ts)
 * never learns how the store routes its reads.
 */
export interface ReadSession {
  /** The position every read of the unit of work must have seen (the client's last write); 0 for none. */
  floor: bigint;
  /** The last commit position of the unit's writes, 0 when it wrote nothing: what a client keeps. */
  committed: bigint;
  /** The server that answered the unit's reads, once one has: a reader's index, or the primary. */
  source?: number | 'primary';
}

const sessions = new AsyncLocalStorage<ReadSession>();

/** Runs `work` in a new session whose reads must see `floor`. */
export function withReadSession<T>(floor: bigint, work: (session: ReadSession) => T): T {
  const session: ReadSession = { floor, committed: 0n };
  return sessions.run(session, () => work(session));
}

/** Runs `work` in the current session, or in a new one without a floor when there is none. */
export function inReadSession<T>(work: () => T): T {
  return sessions.getStore() ? work() : withReadSession(0n, work);
}

export function currentReadSession(): ReadSession | undefined {
  return sessions.getStore();
}

/**
 * Records a commit of the current session, for its client to keep. Its own reads from now on go to
 * the primary, which has the write already: waiting for a standby to replay it would only slow them.
 */
export function recordCommit(position: bigint): void {
  const session = sessions.getStore();
  if (!session) return;
  if (position > session.committed) session.committed = position;
  session.source = 'primary';
}
