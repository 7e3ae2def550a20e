import { InputError, NotAllowedError, NotFoundError } from '../../errors';
import type { Actor } from '../../domain';
import type { Run, RunFilter, RunnerScope, Stores } from '../../store';

/** A run report as the runner sends it (POST /runs; the body schema checked it already). */
export type RunReport = Omit<Run, 'reportedBy' | 'reportedAt' | 'endedAt' | 'commit'> & {
  endedAt?: string;
  commit?: string;
};

/** Run records: pipeline runners report them, everyone else reads them. */
export class RunService {
  constructor(private readonly _stores: Stores) {}

  /**
   * Store a run report from a pipeline runner: only the runner role reports, only for a
   * version the service knows; a report of the same run replaces the earlier one. A
   * run-scoped token (`scope`) reports only the run it was minted for.
   */
  async report(
    actor: Actor,
    report: RunReport,
    now = new Date(),
    scope?: RunnerScope
  ): Promise<Run> {
    const stores = this._stores;
    if (actor.role !== 'pipeline-runner') {
      throw new NotAllowedError('Only pipeline-runner tokens report runs.', { role: actor.role });
    }
    if (scope) assertInScope(scope, report);
    const names = report.steps.map(s => s.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) {
      throw new InputError(`steps: step "${twice}" is listed twice`, { field: 'steps' });
    }
    if (report.endedAt !== undefined && Date.parse(report.endedAt) < Date.parse(report.startedAt)) {
      throw new InputError('endedAt is before startedAt', { field: 'endedAt' });
    }
    const { project, algorithm, version } = report;
    if (!(await stores.runs.knowsVersion(project, algorithm, version))) {
      throw new NotFoundError(`No version ${version} of ${project}/${algorithm} is known here.`, {
        project,
        algorithm,
        version
      });
    }
    const run: Run = {
      ...report,
      endedAt: report.endedAt ?? null,
      commit: report.commit ?? null,
      reportedBy: actor.id,
      reportedAt: now.toISOString()
    };
    await stores.runs.upsert(run);
    return run;
  }

  async list(filter: RunFilter): Promise<{ items: Run[] }> {
    return { items: await this._stores.runs.list(filter) };
  }
}

const SCOPED = ['project', 'algorithm', 'version', 'environment', 'runToken'] as const;

/** A verification run's token reports that run of that bundle version, nothing else. */
function assertInScope(scope: RunnerScope, report: RunReport): void {
  const other = SCOPED.find(k => scope[k] !== report[k]);
  if (other !== undefined) {
    throw new NotAllowedError(
      `This runner token reports only verification run ${scope.verification} ` +
        `(${scope.project}/${scope.algorithm} ${scope.version}, ${scope.environment}); ` +
        `the report's ${other} differs.`,
      { field: other }
    );
  }
}
