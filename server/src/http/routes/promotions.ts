import { Router } from 'express';
import { REQUEST_STATES, type BumpLevel, type Verdict } from '../../domain';
import { InputError } from '../../errors';
import { assertNbformat4 } from '../../notebook/nbformatValidation';
import type { Services } from '../../services';
import { BODIES } from '../api/bodies';
import { actorOf, userOf } from '../auth';
import { parseBoolean, parseFlag, parseId, parseLimit } from '../params';
import { validateBody } from '../validateBody';
import { parseBase } from '../../services/diffService';

interface CreateBody {
  path: string;
  notebook: Record<string, unknown>;
  title?: string;
  description?: string;
  environment?: string;
  bump?: BumpLevel;
}

const DIFF_FLAGS = [
  'ignoreOutputs',
  'ignoreExecutionCounts',
  'ignoreMetadata',
  'ignoreIds',
  'ignoreWhitespace'
] as const;

/** Thin routes: check input at the edge, call a service, let the error handler map failures. */
export function promotionsRouter(services: Services): Router {
  const router = Router();
  const { promotions, stores } = services;

  router.post('/promotions', async (req, res) => {
    const body = validateBody<CreateBody>('promotion', BODIES.CreatePromotion, req.body);
    const notebook = assertNbformat4(body.notebook);
    const created = await promotions.submit(actorOf(res), { ...body, notebook });
    res.status(201).location(`/api/v1/promotions/${created.id}`).json(created);
  });

  router.get('/promotions', async (req, res) => {
    const state = req.query.state;
    if (state !== undefined && !(REQUEST_STATES as readonly unknown[]).includes(state)) {
      throw new InputError(`Unknown state ${JSON.stringify(state)}.`, {
        field: 'state',
        allowed: [...REQUEST_STATES]
      });
    }
    const me = userOf(res).name;
    const json = await services.reads.list({
      author: parseFlag(req.query.mine, 'mine') ? me : undefined,
      reviewer: parseFlag(req.query.reviewable, 'reviewable') ? me : undefined,
      reviewedBy: parseFlag(req.query.reviewed, 'reviewed') ? me : undefined,
      state: state as string | undefined,
      limit: parseLimit(req.query.limit, 200, 1000)
    });
    res.type('application/json').send(json);
  });

  router.get('/promotions/:id', async (req, res) => {
    const id = parseId(req.params.id);
    // The live rules status and what was recorded at promotion ride along with the detail,
    // and failing rules refuse `promote` in the caller's permissions as promote would.
    const status = await services.ruleChecks.status(id);
    const json = await services.details.json(id, actorOf(res), status.rules);
    const more = JSON.stringify(status);
    res
      .type('application/json')
      .send(more === '{}' ? json : `${json.slice(0, -1)},${more.slice(1)}`);
  });

  router.get('/promotions/:id/notebook', async (req, res) => {
    const number =
      req.query.revision === undefined ? undefined : parseId(req.query.revision, 'revision');
    const revision = await stores.views.revision(parseId(req.params.id), number);
    res.type('application/json').send(revision.notebook);
  });

  router.get('/promotions/:id/diff', async (req, res) => {
    const q = req.query;
    const diff = await services.diffs.diff(userOf(res).name, parseId(req.params.id), {
      base: parseBase(q.base),
      head: q.head === undefined ? undefined : parseId(q.head, 'head'),
      options: Object.fromEntries(
        DIFF_FLAGS.map(name => [name, parseBoolean(q[name], name)])
      ) as Record<(typeof DIFF_FLAGS)[number], boolean>
    });
    res.type('application/json').send(diff);
  });

  router.post('/promotions/:id/revisions', async (req, res) => {
    const id = parseId(req.params.id);
    const body = validateBody<{ notebook: unknown }>('revision', BODIES.AddRevision, req.body);
    const actor = actorOf(res);
    const detail = await promotions.revise(actor, id, assertNbformat4(body.notebook));
    res.status(201).json(services.details.of(actor, detail));
  });

  router.post('/promotions/:id/reviews', async (req, res) => {
    const id = parseId(req.params.id);
    const body = validateBody<{ verdict: Verdict; body?: string; revision?: number }>(
      'review',
      BODIES.CreateReview,
      req.body
    );
    const actor = actorOf(res);
    res.status(201).json(services.details.of(actor, await promotions.review(actor, id, body)));
  });

  for (const action of ['promote', 'withdraw', 'reject'] as const) {
    router.post(`/promotions/:id/${action}`, async (req, res) => {
      const id = parseId(req.params.id);
      const body = validateBody<{ reason?: string; bypassReason?: string }>(
        'state change',
        action === 'promote' ? BODIES.Promote : BODIES.StateChange,
        req.body ?? {}
      );
      const actor = actorOf(res);
      const detail =
        action === 'promote'
          ? await promotions.promote(actor, id, { bypassReason: body.bypassReason })
          : action === 'withdraw'
            ? await promotions.withdraw(actor, id, body.reason)
            : await promotions.reject(actor, id, body.reason);
      res.json(services.details.of(actor, detail));
    });
  }

  return router;
}
