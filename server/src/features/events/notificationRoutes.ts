import { Router } from 'express';
import { BODIES } from './contract';
import { userOf } from '../../edge/caller';
import { parseBoolean, parseId, parseLimit } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';
import type { NotificationService } from './notificationService';

/** The caller's own notifications; nobody reads or marks anyone else's. */
export function notificationsRouter(notifications: NotificationService): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const since = req.query.since;
    res.json(
      await notifications.list(userOf(res).name, {
        unreadOnly: parseBoolean(req.query.unread, 'unread'),
        since: since === undefined ? undefined : parseId(since, 'since'),
        limit: parseLimit(req.query.limit, 100, 500)
      })
    );
  });

  router.post('/notifications/read', async (req, res) => {
    const body = validateBody('mark read', BODIES.MarkNotificationsRead, req.body ?? {});
    res.json(await notifications.markAllRead(userOf(res).name, body.upTo));
  });

  router.post('/notifications/:notificationId/read', async (req, res) => {
    const id = parseId(req.params.notificationId, 'notification id');
    res.json(await notifications.markRead(userOf(res).name, id));
  });

  return router;
}
