import { Router } from 'express';
import { BODIES } from './contract';
import { actorOf, userOf } from '../../edge/caller';
import { parseBoolean, parseId } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';
import type { CallerDetails } from '../promotions/callerDetails';
import { parseBase, type DiffService } from './diffService';
import type { ReviewDismissal } from './reviewDismissal';

const DIFF_FLAGS = [
  'ignoreOutputs',
  'ignoreExecutionCounts',
  'ignoreMetadata',
  'ignoreIds',
  'ignoreWhitespace'
] as const;

/** What a reviewer reads (the diff of two revisions) and an admin's dismissal of a review. */
export function reviewsRouter({
  diffs,
  dismissal,
  details
}: {
  diffs: DiffService;
  dismissal: ReviewDismissal;
  details: CallerDetails;
}): Router {
  const router = Router();

  router.get('/promotions/:id/diff', async (req, res) => {
    const q = req.query;
    const diff = await diffs.diff(userOf(res).name, parseId(req.params.id), {
      base: parseBase(q.base),
      head: q.head === undefined ? undefined : parseId(q.head, 'head'),
      options: Object.fromEntries(
        DIFF_FLAGS.map(name => [name, parseBoolean(q[name], name)])
      ) as Record<(typeof DIFF_FLAGS)[number], boolean>
    });
    res.type('application/json').send(diff);
  });

  router.post('/promotions/:id/reviews/:reviewId/dismiss', async (req, res) => {
    const id = parseId(req.params.id);
    const reviewId = parseId(req.params.reviewId, 'reviewId');
    const body = validateBody('dismissal', BODIES.DismissReview, req.body);
    const actor = actorOf(res);
    await dismissal.dismiss(actor, id, reviewId, body.reason);
    res.json(await details.plain(id, actor));
  });

  return router;
}
