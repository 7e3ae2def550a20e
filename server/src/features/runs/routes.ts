import { Router } from 'express';
import { isEnvironment } from '../../domain';
import { InputError } from '../../errors';
import type { RunService } from './runService';
import { BODIES, SEMVER_MAX_LENGTH, SEMVER_PATTERN, SLUG_PATTERN } from './contract';
import { actorOf, runnerScopeOf } from '../../edge/caller';
import { parseLimit } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';

// The query's values as the OpenAPI document states them (the same schema constants).
const SLUG_RE = new RegExp(SLUG_PATTERN);
const SEMVER_RE = new RegExp(SEMVER_PATTERN);

function queryValue(raw: unknown, field: string, ok: (v: string) => boolean): string {
  if (typeof raw !== 'string' || !ok(raw)) {
    throw new InputError(`"${String(raw ?? '')}" is not a valid ${field}.`, { field });
  }
  return raw;
}

/** Run records: runners report them, everyone else reads them. */
export function runsRouter(runs: RunService): Router {
  const router = Router();

  router.post('/runs', async (req, res) => {
    // Times match the document's pattern, which only allows times Date.parse reads.
    const body = validateBody('run report', BODIES.RunReport, req.body);
    res.status(201).json(await runs.report(actorOf(res), body, new Date(), runnerScopeOf(res)));
  });

  router.get('/runs', async (req, res) => {
    const q = req.query;
    const optional = (field: string, ok: (v: string) => boolean) =>
      q[field] === undefined ? undefined : queryValue(q[field], field, ok);
    res.json(
      await runs.list({
        project: queryValue(q.project, 'project', v => SLUG_RE.test(v)),
        algorithm: queryValue(q.algorithm, 'algorithm', v => SLUG_RE.test(v)),
        version: optional('version', v => SEMVER_RE.test(v) && v.length <= SEMVER_MAX_LENGTH),
        environment: optional('environment', isEnvironment),
        limit: parseLimit(q.limit, 50, 500)
      })
    );
  });

  return router;
}
