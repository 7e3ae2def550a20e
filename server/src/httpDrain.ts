/**
 * Draining an HTTP server the way an orchestrator expects on SIGTERM: stop accepting, close
 * idle keep-alive connections, end Server-Sent Events streams (they would never finish on
 * their own), let requests under way finish, and cut whatever is left at a deadline.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type DrainOutcome = 'drained' | 'forced';

export interface HttpDrain {
  /** Resolves once every connection is closed: by itself, or cut at `deadlineMs`. */
  drain(deadlineMs: number): Promise<DrainOutcome>;
  /** Closes every connection at once (`stop()` without a grace period). */
  closeNow(): Promise<void>;
}

/** Sent to event streams before they end; `retry` asks browsers to reconnect soon (elsewhere). */
const STREAM_GOODBYE = ': the service is shutting down\nretry: 1000\n\n';

/** Keeps track of the server's responses so it can be drained later. Call before it listens. */
export function trackResponses(server: Server): HttpDrain {
  const open = new Set<ServerResponse>();
  let draining = false;
  let closed: Promise<void> | null = null;

  const closeServer = (): Promise<void> => {
    closed ??= new Promise<void>(resolve => server.close(() => resolve()));
    return closed;
  };
  // A connection whose last response just finished is idle now: close it rather than wait
  // for the client's next request (or its keep-alive timeout).
  const closeIdleSoon = () => setImmediate(() => server.closeIdleConnections());
  const endStream = (res: ServerResponse) => {
    if (!res.writableEnded) res.end(STREAM_GOODBYE);
  };

  // First in line, so the header is set before any handler can send its answer.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    open.add(res);
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      open.delete(res);
      if (draining) closeIdleSoon();
    });
  });

  return {
    async drain(deadlineMs) {
      draining = true;
      const done = closeServer();
      server.closeIdleConnections();
      for (const res of open) {
        if (isEventStream(res)) endStream(res);
        else if (!res.headersSent) res.setHeader('Connection', 'close');
      }
      // A stream opened meanwhile on a kept-alive connection is ended at the next sweep.
      const sweep = setInterval(() => {
        for (const res of open) if (isEventStream(res)) endStream(res);
      }, 250);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<DrainOutcome>(resolve => {
        timer = setTimeout(() => {
          server.closeAllConnections();
          resolve('forced');
        }, deadlineMs);
      });
      try {
        return await Promise.race([done.then((): DrainOutcome => 'drained'), deadline]);
      } finally {
        clearTimeout(timer);
        clearInterval(sweep);
      }
    },
    async closeNow() {
      draining = true;
      const done = closeServer();
      server.closeAllConnections();
      await done;
    }
  };
}

function isEventStream(res: ServerResponse): boolean {
  const type = res.getHeader('content-type');
  return typeof type === 'string' && type.startsWith('text/event-stream');
}
