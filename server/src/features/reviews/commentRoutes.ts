import { Router } from 'express';
import { BODIES } from './contract';
import { actorOf } from '../../edge/caller';
import { parseId } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';
import type { CommentService } from './commentService';

/** Comment threads on a request's cells and lines. */
export function commentsRouter(comments: CommentService): Router {
  const router = Router();

  router.get('/promotions/:id/comments', async (req, res) => {
    res.json(await comments.list(parseId(req.params.id)));
  });

  router.post('/promotions/:id/comments', async (req, res) => {
    const id = parseId(req.params.id);
    const body = validateBody('comment', BODIES.CreateComment, req.body);
    res.status(201).json(await comments.create(actorOf(res), id, body));
  });

  router.patch('/promotions/:id/comments/:commentId', async (req, res) => {
    const id = parseId(req.params.id);
    const commentId = parseId(req.params.commentId, 'comment id');
    const body = validateBody('comment update', BODIES.UpdateComment, req.body);
    res.json(await comments.resolve(actorOf(res), id, commentId, body.resolved));
  });

  return router;
}
