import { Router, type RequestHandler } from 'express';
import { REQUEST_STATES } from '../../domain';
import { InputError } from '../../errors';
import { assertNbformat4 } from '../../notebook/nbformatValidation';
import { BODIES } from './contract';
import { actorOf, userOf } from '../../edge/caller';
import { parseFlag, parseId, parseLimit } from '../../edge/params';
import { sendJson } from '../../edge/sendJson';
import { validateBody } from '../../edge/validateBody';
import type { ReadCache } from '../../runtime/readCache';
import type { CallerDetails } from './callerDetails';
import type { PromotionService } from './promotionService';

/** `GET /promotions/:id`: the caller's view of a request (also taken by the app's hot read). */
export function promotionDetail(details: CallerDetails): RequestHandler {
  return (req, res) =>
    // The live rules status and what was recorded at promotion ride along with the detail.
    sendJson(res, details.view(parseId(String(req.params.id)), actorOf(res)));
}

/** Thin routes: check input at the edge, call a service, let the error handler map failures. */
export function promotionsRouter({
  promotions,
  reads,
  details
}: {
  promotions: PromotionService;
  reads: ReadCache;
  details: CallerDetails;
}): Router {
  const router = Router();

  router.post('/promotions', async (req, res) => {
    const body = validateBody('promotion', BODIES.CreatePromotion, req.body);
    const notebook = assertNbformat4(body.notebook);
    const created = await promotions.submit(actorOf(res), { ...body, notebook });
    res.status(201).location(`/api/v1/promotions/${created.id}`).json(created);
  });

  router.get('/promotions', (req, res) => {
    const state = req.query.state;
    if (state !== undefined && !(REQUEST_STATES as readonly unknown[]).includes(state)) {
      throw new InputError(`Unknown state ${JSON.stringify(state)}.`, {
        field: 'state',
        allowed: [...REQUEST_STATES]
      });
    }
    const me = userOf(res).name;
    return sendJson(
      res,
      reads.list({
        author: parseFlag(req.query.mine, 'mine') ? me : undefined,
        reviewer: parseFlag(req.query.reviewable, 'reviewable') ? me : undefined,
        reviewedBy: parseFlag(req.query.reviewed, 'reviewed') ? me : undefined,
        state: state as string | undefined,
        limit: parseLimit(req.query.limit, 200, 1000)
      })
    );
  });

  router.get('/promotions/:id', promotionDetail(details));

  router.post('/promotions/:id/revisions', async (req, res) => {
    const id = parseId(req.params.id);
    const body = validateBody('revision', BODIES.AddRevision, req.body);
    const actor = actorOf(res);
    const detail = await promotions.revise(actor, id, assertNbformat4(body.notebook));
    res.status(201).json(details.of(actor, detail));
  });

  router.post('/promotions/:id/reviews', async (req, res) => {
    const id = parseId(req.params.id);
    const body = validateBody('review', BODIES.CreateReview, req.body);
    const actor = actorOf(res);
    res.status(201).json(details.of(actor, await promotions.review(actor, id, body)));
  });

  for (const action of ['promote', 'withdraw', 'reject'] as const) {
    router.post(`/promotions/:id/${action}`, async (req, res) => {
      const id = parseId(req.params.id);
      const actor = actorOf(res);
      const detail =
        action === 'promote'
          ? await promotions.promote(actor, id, {
              bypassReason: validateBody('state change', BODIES.Promote, req.body ?? {})
                .bypassReason
            })
          : await promotions[action](
              actor,
              id,
              validateBody('state change', BODIES.StateChange, req.body ?? {}).reason
            );
      res.json(details.of(actor, detail));
    });
  }

  return router;
}
