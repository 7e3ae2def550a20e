import { Router } from 'express';
import type { EventBus, PromotionEvent } from './eventBus';
import type { EventReplay } from './eventReplay';
import { userOf } from '../../edge/caller';

/** The most missed events sent on reconnecting; a client further behind reloads anyway. */
const MAX_REPLAY = 1000;

/**
 * Server-Sent Events: `event: promotion` with a PromotionEvent on every applied change (its
 * `id:` the audit event's), `event: notification` with each new notification of the caller
 * (only theirs), `event: verification` when a verification run changes (no `id:`: a client
 * reconnecting asks for the runs again), and a comment line every `heartbeatMs` so proxies
 * keep the connection open.
 * A client reconnecting with `Last-Event-ID` first gets the request events it missed.
 */
export function eventsRouter(
  deps: { events: EventBus; replay: EventReplay },
  heartbeatMs: number
): Router {
  const router = Router();
  router.get('/events', async (req, res) => {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no'
    });
    res.flushHeaders();
    res.write(': connected\n\n');
    const send = (event: PromotionEvent, id?: number) => {
      const idLine = id === undefined ? '' : `id: ${id}\n`;
      res.write(`${idLine}event: promotion\ndata: ${JSON.stringify(event)}\n\n`);
    };
    // Live events wait while the missed ones are read, so none is lost or sent twice.
    const lastId = parseLastEventId(req.get('last-event-id'));
    let waiting: { event: PromotionEvent; id?: number }[] | null = lastId === null ? null : [];
    let sentUpTo = lastId ?? 0;
    const unsubscribe = deps.events.subscribe((event, id) => {
      if (waiting) waiting.push({ event, id });
      else if (id === undefined || id > sentUpTo) send(event, id);
    });
    const unsubscribeNotifications = deps.events.subscribeNotifications(
      userOf(res).name,
      notification => {
        res.write(`event: notification\ndata: ${JSON.stringify(notification)}\n\n`);
      }
    );
    const unsubscribeVerifications = deps.events.subscribeVerifications(event => {
      res.write(`event: verification\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const timer = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    req.on('close', () => {
      clearInterval(timer);
      unsubscribe();
      unsubscribeNotifications();
      unsubscribeVerifications();
    });
    if (lastId !== null) {
      try {
        for (const { event, id } of await deps.replay.since(lastId, MAX_REPLAY)) {
          send(event, id);
          sentUpTo = Math.max(sentUpTo, id ?? 0);
        }
      } catch {
        // The stream is open already: live events still flow; the client reloads on reconnect.
      }
      const queued = waiting ?? [];
      waiting = null;
      for (const { event, id } of queued) {
        if (id === undefined || id > sentUpTo) send(event, id);
      }
    }
  });
  return router;
}

/** An event id as the stream sends them (a positive integer); anything else is ignored. */
function parseLastEventId(raw: string | undefined): number | null {
  if (raw === undefined || !/^[1-9][0-9]{0,9}$/.test(raw.trim())) return null;
  const id = Number(raw.trim());
  return id <= 2_147_483_647 ? id : null;
}
