import { Router } from 'express';
import type { Health } from './contract';

/** Liveness: answers without touching the database, so load balancers get a fast answer. */
export function healthRouter(version: string): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    const health: Health = { status: 'ok', service: 'nbpromote', version };
    res.json(health);
  });
  return router;
}
