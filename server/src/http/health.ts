import { Router } from 'express';

/** Liveness: answers without touching the database, so load balancers get a fast answer. */
export function healthRouter(version: string): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'nbpromote', version });
  });
  return router;
}
