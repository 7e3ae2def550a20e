import { Router } from 'express';
import { assertNbformat4 } from '../../notebook/nbformatValidation';
import { BODIES } from './contract';
import { validateBody } from '../../edge/validateBody';
import type { PreviewService } from './previewService';

/** Live analysis and promotion preview; nothing is stored. */
export function previewRouter(preview: PreviewService): Router {
  const router = Router();

  router.post('/check', async (req, res) => {
    const body = validateBody('check', BODIES.Check, req.body);
    res.json(await preview.check(assertNbformat4(body.notebook), body.path));
  });

  router.post('/preview', async (req, res) => {
    const body = validateBody('preview', BODIES.Preview, req.body);
    res.json(await preview.preview({ ...body, notebook: assertNbformat4(body.notebook) }));
  });

  return router;
}
