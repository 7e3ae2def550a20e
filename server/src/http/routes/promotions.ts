import { Router } from 'express';
import { InputError } from '../../errors';
import { assertNbformat4 } from '../../notebook/nbformatValidation';
import type { PromotionStore } from '../../store/promotionStore';
import { validateBody } from '../validateBody';

const createSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['notebook', 'path'],
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200 },
    path: { type: 'string', minLength: 1, maxLength: 1024 },
    notebook: { type: 'object' }
  }
} as const;

interface CreateBody {
  title?: string;
  path: string;
  notebook: Record<string, unknown>;
}

function parseId(raw: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) {
    throw new InputError(`"${raw}" is not a promotion request id.`, { field: 'id' });
  }
  return Number(raw);
}

/** Thin routes: check input at the edge, call the store, let the error handler map failures. */
export function promotionsRouter(store: PromotionStore): Router {
  const router = Router();

  router.post('/promotions', async (req, res) => {
    const body = validateBody<CreateBody>('promotion', createSchema, req.body);
    const notebook = assertNbformat4(body.notebook);
    const created = await store.create({
      title: body.title ?? body.path.split('/').pop()!,
      notebookPath: body.path,
      notebook
    });
    res.status(201).location(`/api/v1/promotions/${created.id}`).json(created);
  });

  router.get('/promotions', async (_req, res) => {
    res.json({ items: await store.list() });
  });

  router.get('/promotions/:id', async (req, res) => {
    res.json(await store.get(parseId(req.params.id)));
  });

  router.get('/promotions/:id/notebook', async (req, res) => {
    res.json(await store.notebook(parseId(req.params.id)));
  });

  return router;
}
