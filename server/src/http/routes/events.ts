import { Router } from 'express';
import type { Services } from '../../services';
import { userOf } from '../auth';

/**
 * Server-Sent Events: `event: promotion` with a PromotionEvent on every applied change,
 * `event: notification` with each new notification of the caller (only theirs), and a comment
 * line every `heartbeatMs` so proxies keep the connection open.
 */
export function eventsRouter(services: Services, heartbeatMs: number): Router {
  const router = Router();
  router.get('/events', (req, res) => {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no'
    });
    res.flushHeaders();
    res.write(': connected\n\n');
    const unsubscribe = services.events.subscribe(event => {
      res.write(`event: promotion\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const unsubscribeNotifications = services.events.subscribeNotifications(
      userOf(res).name,
      notification => {
        res.write(`event: notification\ndata: ${JSON.stringify(notification)}\n\n`);
      }
    );
    const timer = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    req.on('close', () => {
      clearInterval(timer);
      unsubscribe();
      unsubscribeNotifications();
    });
  });
  return router;
}
