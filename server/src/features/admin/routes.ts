import { Router } from 'express';
import { BODIES } from './contract';
import { requireAdmin, userOf } from '../../edge/caller';
import { parseId, parseLimit } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';
import type { AdminService } from './adminService';

/** Audit trail, catalog and admin settings. */
export function adminRouter(admin: AdminService): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const requestId =
      req.query.requestId === undefined ? undefined : parseId(req.query.requestId, 'requestId');
    const items = await admin.audit(userOf(res), {
      requestId,
      limit: parseLimit(req.query.limit, 200, 1000)
    });
    res.json({ items });
  });

  router.get('/catalog', async (_req, res) => {
    res.json(await admin.catalog());
  });

  router.get('/settings', async (_req, res) => {
    requireAdmin(res);
    res.json(await admin.settings());
  });

  router.put('/settings', async (req, res) => {
    requireAdmin(res);
    const body = validateBody('settings', BODIES.Settings, req.body);
    res.json(await admin.saveSettings(userOf(res).name, body));
  });

  return router;
}
