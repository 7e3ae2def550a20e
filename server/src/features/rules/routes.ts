import { Router } from 'express';
import { InputError } from '../../errors';
import { BODIES } from './contract';
import { actorOf } from '../../edge/caller';
import { parseId, parseLimit } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';
import type { RuleChecks } from './ruleChecks';
import type { RulesService } from './rulesService';

/** The promotion rules: read by everyone, changed by admins, tried on a request. */
export function rulesRouter({
  rules,
  ruleChecks
}: {
  rules: RulesService;
  ruleChecks: RuleChecks;
}): Router {
  const router = Router();

  router.get('/rules', async (_req, res) => {
    res.json(await rules.current());
  });

  router.put('/rules', async (req, res) => {
    const body = validateBody('rules', BODIES.SaveRules, req.body);
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
    const body = validateBody('dry run', BODIES.DryRunRules, req.body);
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
    const body = validateBody('accepted finding', BODIES.AcceptFinding, req.body);
    res.status(201).json(await rules.acceptFinding(actorOf(res), body));
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
