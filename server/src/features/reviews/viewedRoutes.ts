import { Router } from 'express';
import { CELL_ID_PATTERN } from '../../domain';
import { InputError } from '../../errors';
import { BODIES } from './contract';
import { actorOf } from '../../edge/caller';
import { parseId } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';
import type { ViewedService } from './viewedService';

/** The caller's own "viewed" marks on the cells of a request's revisions. */
export function viewedRouter(viewed: ViewedService): Router {
  const router = Router();

  router.get('/promotions/:id/viewed', async (req, res) => {
    const id = parseId(req.params.id);
    res.json(await viewed.list(actorOf(res), id, optionalRevision(req.query.revision)));
  });

  router.put('/promotions/:id/viewed', async (req, res) => {
    const id = parseId(req.params.id);
    const body = validateBody('viewed cells', BODIES.MarkViewed, req.body);
    res.json(await viewed.mark(actorOf(res), id, body));
  });

  router.delete('/promotions/:id/viewed/:cellId', async (req, res) => {
    const id = parseId(req.params.id);
    const cellId = req.params.cellId;
    if (!CELL_ID_PATTERN.test(cellId)) {
      throw new InputError('cellId must be a notebook cell id.', { field: 'cellId' });
    }
    const revision = optionalRevision(req.query.revision);
    res.json(await viewed.unmark(actorOf(res), id, cellId, revision));
  });

  return router;
}

function optionalRevision(raw: unknown): number | undefined {
  return raw === undefined ? undefined : parseId(raw, 'revision');
}
