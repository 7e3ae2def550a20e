import { Router } from 'express';
import { isEnvironment } from '../../domain';
import { InputError } from '../../errors';
import type { RunReport, RunService } from './runService';
import { BODIES, SEMVER, SLUG } from '../../edge/api/bodies';
import { actorOf } from '../../edge/caller';
import { parseLimit } from '../../edge/params';
import { validateBody } from '../../edge/validateBody';

// The query's values as the OpenAPI document states them (the same schema constants).
const SLUG_RE = new RegExp(SLUG.pattern);
const SEMVER_RE = new RegExp(SEMVER.pattern);

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
    const body = validateBody<RunReport>('run report', BODIES.RunReport, req.body);
    res.status(201).json(await runs.report(actorOf(res), body));
  });

  router.get('/runs', async (req, res) => {
    const q = req.query;
    const optional = (field: string, ok: (v: string) => boolean) =>
      q[field] === undefined ? undefined : queryValue(q[field], field, ok);
    res.json(
      await runs.list({
        project: queryValue(q.project, 'project', v => SLUG_RE.test(v)),
        algorithm: queryValue(q.algorithm, 'algorithm', v => SLUG_RE.test(v)),
        version: optional('version', v => SEMVER_RE.test(v) && v.length <= SEMVER.maxLength),
        environment: optional('environment', isEnvironment),
        limit: parseLimit(q.limit, 50, 500)
      })
    );
  });

  return router;
}
