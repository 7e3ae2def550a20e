import { Router } from 'express';
import { checkRemoteUrl } from '../../git';
import { catalog, type Services } from '../../services';
import { IMAGE_REGISTRY } from '../../services/notebookFacts';
import { BODIES } from '../api/bodies';
import { requireAdmin, userOf } from '../auth';
import { parseId, parseLimit } from '../params';
import { validateBody } from '../validateBody';

const REMOTE_URL = 'remote_url';

/** Identity, audit trail, catalog and admin settings. */
export function adminRouter(services: Services): Router {
  const router = Router();
  const { stores } = services;

  router.get('/me', (_req, res) => {
    const user = userOf(res);
    res.json({ name: user.name, role: user.role });
  });

  router.get('/audit', async (req, res) => {
    const user = userOf(res);
    const requestId =
      req.query.requestId === undefined ? undefined : parseId(req.query.requestId, 'requestId');
    // Admins see everything; others the events of their own requests.
    const requestIds = user.role === 'admin' ? null : await stores.views.idsByAuthor(user.name);
    const items = await stores.audit.list({
      requestId,
      requestIds,
      limit: parseLimit(req.query.limit, 200, 1000)
    });
    res.json({ items });
  });

  router.get('/catalog', async (_req, res) => {
    res.json(await catalog(stores));
  });

  router.get('/settings', async (_req, res) => {
    requireAdmin(res);
    res.json({
      remoteUrl: await stores.settings.get(REMOTE_URL),
      imageRegistry: await stores.settings.get(IMAGE_REGISTRY)
    });
  });

  router.put('/settings', async (req, res) => {
    requireAdmin(res);
    const body = validateBody<{ remoteUrl: string | null; imageRegistry?: string | null }>(
      'settings',
      BODIES.Settings,
      req.body
    );
    const url =
      body.remoteUrl === null || body.remoteUrl === '' ? null : checkRemoteUrl(body.remoteUrl);
    const user = userOf(res).name;
    await stores.transaction(async tx => {
      await tx.settings.set(REMOTE_URL, url, user);
      // Left as it is when the body does not name it.
      if (body.imageRegistry !== undefined) {
        await tx.settings.set(IMAGE_REGISTRY, body.imageRegistry || null, user);
      }
      await tx.audit.append([
        {
          requestId: null,
          actor: user,
          action: 'settings',
          at: new Date().toISOString(),
          fromState: null,
          toState: null,
          outcome: 'applied',
          details: {
            remoteUrl: url === null ? null : redactUrl(url),
            ...(body.imageRegistry !== undefined ? { imageRegistry: body.imageRegistry } : {})
          }
        }
      ]);
    });
    res.json({ remoteUrl: url, imageRegistry: await stores.settings.get(IMAGE_REGISTRY) });
  });

  return router;
}

function redactUrl(url: string): string {
  return url.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}
