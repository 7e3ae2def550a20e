import { Router } from 'express';
import { InputError } from '../../errors';
import type { Services } from '../../services';
import { listRuns, reportRun, type RunReport } from '../../services/runService';
import { BODIES } from '../api/bodies';
import { actorOf } from '../auth';
import { parseLimit } from '../params';
import { validateBody } from '../validateBody';

const SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const SEMVER =
  /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const ENVIRONMENTS = new Set(['dev', 'stage', 'prod']);

function queryValue(raw: unknown, field: string, ok: (v: string) => boolean): string {
  if (typeof raw !== 'string' || !ok(raw)) {
    throw new InputError(`"${String(raw ?? '')}" is not a valid ${field}.`, { field });
  }
  return raw;
}

/** Run records: runners report them, everyone else reads them. */
export function runsRouter(services: Services): Router {
  const router = Router();
  const { stores } = services;

  router.post('/runs', async (req, res) => {
    const body = validateBody<RunReport>('run report', BODIES.RunReport, req.body);
    for (const field of ['startedAt', 'endedAt'] as const) {
      const at = body[field];
      if (at !== undefined && Number.isNaN(Date.parse(at))) {
        throw new InputError(`Invalid run report body at /${field}: not a real time.`, {
          path: `/${field}`
        });
      }
    }
    res.status(201).json(await reportRun(stores, actorOf(res), body));
  });

  router.get('/runs', async (req, res) => {
    const q = req.query;
    const optional = (field: string, ok: (v: string) => boolean) =>
      q[field] === undefined ? undefined : queryValue(q[field], field, ok);
    res.json(
      await listRuns(stores, {
        project: queryValue(q.project, 'project', v => SLUG.test(v)),
        algorithm: queryValue(q.algorithm, 'algorithm', v => SLUG.test(v)),
        version: optional('version', v => SEMVER.test(v)),
        environment: optional('environment', v => ENVIRONMENTS.has(v)),
        limit: parseLimit(q.limit, 50, 500)
      })
    );
  });

  return router;
}
