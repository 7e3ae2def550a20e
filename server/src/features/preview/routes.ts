import { Router } from 'express';
import type { BumpLevel } from '../../domain';
import { assertNbformat4 } from '../../notebook/nbformatValidation';
import { BODIES } from '../../edge/api/bodies';
import { validateBody } from '../../edge/validateBody';
import type { PreviewService } from './previewService';

/** Live analysis and promotion preview; nothing is stored. */
export function previewRouter(preview: PreviewService): Router {
  const router = Router();

  router.post('/check', async (req, res) => {
    const body = validateBody<{ notebook: unknown; path: string }>('check', BODIES.Check, req.body);
    res.json(await preview.check(assertNbformat4(body.notebook), body.path));
  });

  router.post('/preview', async (req, res) => {
    const body = validateBody<{
      notebook: unknown;
      path: string;
      environment: string;
      bump?: BumpLevel;
    }>('preview', BODIES.Preview, req.body);
    res.json(await preview.preview({ ...body, notebook: assertNbformat4(body.notebook) }));
  });

  return router;
}
