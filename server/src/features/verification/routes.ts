import { Router } from 'express';
import { actorOf, requireAdmin } from '../../edge/caller';
import { parseId } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';
import { BODIES } from './contract';
import { SHARED_SERVICE_WARNING, type VerificationSettings } from './settings';
import type { VerificationService } from './verificationService';

/** Verification runs of a request, and the executor settings. */
export function verificationRouter(verification: VerificationService, shared: boolean): Router {
  const router = Router();
  const withWarning = (s: VerificationSettings) => ({
    ...s,
    warning: shared && s.localEnabled ? SHARED_SERVICE_WARNING : null
  });

  router.get('/promotions/:id/verification', async (req, res) => {
    res.json(await verification.forRequest(parseId(req.params.id)));
  });

  router.post('/promotions/:id/verification', async (req, res) => {
    res.status(201).json(await verification.runAgain(actorOf(res), parseId(req.params.id)));
  });

  router.post('/promotions/:id/verification/cancel', async (req, res) => {
    res.json(await verification.cancel(actorOf(res), parseId(req.params.id)));
  });

  router.get('/verification/settings', async (_req, res) => {
    requireAdmin(res);
    res.json(withWarning(await verification.settings()));
  });

  router.put('/verification/settings', async (req, res) => {
    requireAdmin(res);
    const change = validateBody(
      'verification settings',
      BODIES.VerificationSettingsChange,
      req.body
    );
    res.json(withWarning(await verification.saveSettings(actorOf(res), change)));
  });

  return router;
}
