import { Router } from 'express';
import type { NewCommentInput, Services } from '../../services';
import { BODIES } from '../api/bodies';
import { actorOf } from '../auth';
import { parseId } from '../params';
import { validateBody } from '../validateBody';

export function commentsRouter(services: Services): Router {
  const router = Router();

  router.get('/promotions/:id/comments', async (req, res) => {
    res.json(await services.comments.list(parseId(req.params.id)));
  });

  router.post('/promotions/:id/comments', async (req, res) => {
    const id = parseId(req.params.id);
    const body = validateBody<NewCommentInput>('comment', BODIES.CreateComment, req.body);
    res.status(201).json(await services.comments.create(actorOf(res), id, body));
  });

  router.patch('/promotions/:id/comments/:commentId', async (req, res) => {
    const id = parseId(req.params.id);
    const commentId = parseId(req.params.commentId, 'comment id');
    const body = validateBody<{ resolved: boolean }>(
      'comment update',
      BODIES.UpdateComment,
      req.body
    );
    res.json(await services.comments.resolve(actorOf(res), id, commentId, body.resolved));
  });

  return router;
}
