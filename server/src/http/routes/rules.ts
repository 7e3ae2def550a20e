import { Router } from 'express';
import { InputError } from '../../errors';
import type { Services } from '../../services';
import { dismissChangesRequest } from '../../services/reviewDismissal';
import { BODIES } from '../api/bodies';
import { actorOf } from '../auth';
import { parseId, parseLimit } from '../params';
import { validateBody } from '../validateBody';

/** The promotion rules: read by everyone, changed by admins, tried on a request. */
export function rulesRouter(services: Services): Router {
  const router = Router();
  const { rules, ruleChecks } = services;

  router.get('/rules', async (_req, res) => {
    res.json(await rules.current());
  });

  router.put('/rules', async (req, res) => {
    const body = validateBody<{ document: unknown; message: string; baseVersion?: number }>(
      'rules',
      BODIES.SaveRules,
      req.body
    );
    res.json(await rules.save(actorOf(res), body));
  });

  router.get('/rules/versions', async (req, res) => {
    res.json({ items: await rules.versions(parseLimit(req.query.limit, 100, 1000)) });
  });

  router.get('/rules/versions/:version', async (req, res) => {
    res.json(await rules.version(parseId(req.params.version, 'version')));
  });

  router.get('/rules/diff', async (req, res) => {
    if (req.query.from === undefined || req.query.to === undefined) {
      throw new InputError('Give the two versions to compare as ?from=&to=.', {
        field: req.query.from === undefined ? 'from' : 'to'
      });
    }
    res.json(await rules.diff(parseId(req.query.from, 'from'), parseId(req.query.to, 'to')));
  });

  router.post('/rules/dry-run', async (req, res) => {
    const body = validateBody<{ document: unknown; requestId: number; environment?: string }>(
      'dry run',
      BODIES.DryRunRules,
      req.body
    );
    const { document, warnings } = await rules.check(body.document);
    const current = await rules.current();
    const evaluation = await ruleChecks.forRequest(
      body.requestId,
      // A candidate is evaluated as the version it would become.
      { document, version: current.version + 1 },
      body.environment
    );
    res.json({ requestId: body.requestId, evaluation, warnings });
  });

  router.post('/rules/accepted-findings', async (req, res) => {
    const body = validateBody<{ sha256: string; reason: string; scanner?: string }>(
      'accepted finding',
      BODIES.AcceptFinding,
      req.body
    );
    res.status(201).json(await rules.acceptFinding(actorOf(res), body));
  });

  router.post('/promotions/:id/reviews/:reviewId/dismiss', async (req, res) => {
    const id = parseId(req.params.id);
    const reviewId = parseId(req.params.reviewId, 'reviewId');
    const body = validateBody<{ reason: string }>('dismissal', BODIES.DismissReview, req.body);
    await dismissChangesRequest(
      services.stores,
      services.events,
      actorOf(res),
      id,
      reviewId,
      body.reason
    );
    res.type('application/json').send(await services.reads.detail(id));
  });

  router.get('/promotions/:id/rules', async (req, res) => {
    const env = req.query.environment;
    if (env !== undefined && typeof env !== 'string') {
      throw new InputError('environment must be one of dev, stage, prod.', {
        field: 'environment'
      });
    }
    res.json(await ruleChecks.forRequest(parseId(req.params.id), undefined, env));
  });

  return router;
}
