import type { Kysely, Selectable } from 'kysely';
import type { Database, RunTable } from '../db/schema';

export type RunStatus = 'running' | 'succeeded' | 'failed';
export type UseCase = 'training' | 'prediction' | 'evaluation';

export interface RunStep {
  name: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  startedAt?: string;
  endedAt?: string;
  /** Output name -> storage format. */
  outputs: Record<string, string>;
}

/** A pipeline run as reported by its runner. */
export interface Run {
  project: string;
  algorithm: string;
  version: string;
  environment: string;
  runToken: string;
  useCase: UseCase;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  commit: string | null;
  parameters: Record<string, unknown>;
  steps: RunStep[];
  metrics: Record<string, number | string>;
  reportedBy: string;
  reportedAt: string;
}

/** Which runs to read: one pipeline, optionally one version, environment or use case. */
export interface RunFilter {
  project: string;
  algorithm: string;
  version?: string;
  environment?: string;
  useCase?: UseCase;
  status?: RunStatus;
  limit: number;
}

function fromRow(r: Selectable<RunTable>): Run {
  const record = JSON.parse(r.record) as { parameters: Run['parameters']; steps: RunStep[] };
  return {
    project: r.project,
    algorithm: r.algorithm,
    version: r.version,
    environment: r.environment,
    runToken: r.run_token,
    useCase: r.use_case as UseCase,
    status: r.status as RunStatus,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    commit: r.commit_sha,
    parameters: record.parameters,
    steps: record.steps,
    metrics: JSON.parse(r.metrics) as Run['metrics'],
    reportedBy: r.reported_by,
    reportedAt: r.reported_at
  };
}

/** Run records reported by pipeline runners. */
export class RunStore {
  constructor(private readonly _db: Kysely<Database>) {}

  /** Whether the service ever reserved this version of the pipeline. */
  async knowsVersion(project: string, algorithm: string, version: string): Promise<boolean> {
    const row = await this._db
      .selectFrom('versions')
      .select('id')
      .where('project', '=', project)
      .where('algorithm', '=', algorithm)
      .where('version', '=', version)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Stores a run, or replaces the earlier report of the same run (same token). */
  async upsert(run: Run): Promise<void> {
    const values = {
      use_case: run.useCase,
      status: run.status,
      started_at: run.startedAt,
      ended_at: run.endedAt,
      commit_sha: run.commit,
      record: JSON.stringify({ parameters: run.parameters, steps: run.steps }),
      metrics: JSON.stringify(run.metrics),
      reported_by: run.reportedBy,
      reported_at: run.reportedAt
    };
    await this._db
      .insertInto('runs')
      .values({
        project: run.project,
        algorithm: run.algorithm,
        version: run.version,
        environment: run.environment,
        run_token: run.runToken,
        ...values
      })
      .onConflict(oc =>
        oc
          .columns(['project', 'algorithm', 'environment', 'version', 'run_token'])
          .doUpdateSet(values)
      )
      .execute();
  }

  /** One run's record, by the key a report replaces it under. */
  async get(key: {
    project: string;
    algorithm: string;
    version: string;
    environment: string;
    runToken: string;
  }): Promise<Run | null> {
    const row = await this._db
      .selectFrom('runs')
      .selectAll()
      .where('project', '=', key.project)
      .where('algorithm', '=', key.algorithm)
      .where('environment', '=', key.environment)
      .where('version', '=', key.version)
      .where('run_token', '=', key.runToken)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** Runs of a pipeline, newest start first. */
  async list(filter: RunFilter): Promise<Run[]> {
    let q = this._db
      .selectFrom('runs')
      .selectAll()
      .where('project', '=', filter.project)
      .where('algorithm', '=', filter.algorithm);
    if (filter.version !== undefined) q = q.where('version', '=', filter.version);
    if (filter.environment !== undefined) q = q.where('environment', '=', filter.environment);
    if (filter.useCase !== undefined) q = q.where('use_case', '=', filter.useCase);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    const rows = await q
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(fromRow);
  }

  /**
   * The newest `perKey` runs of every (project, algorithm, version, environment), for the
   * catalog: one query, ranked in the database.
   */
  async latestPerVersion(perKey: number): Promise<Run[]> {
    const ranked = this._db
      .selectFrom('runs')
      .selectAll()
      .select(eb =>
        eb.fn
          .agg<number>('row_number')
          .over(ob =>
            ob
              .partitionBy(['project', 'algorithm', 'version', 'environment'])
              .orderBy('started_at', 'desc')
              .orderBy('id', 'desc')
          )
          .as('rank')
      )
      .as('ranked');
    const rows = await this._db
      .selectFrom(ranked)
      .selectAll()
      .where('rank', '<=', perKey)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(r => fromRow(r as Selectable<RunTable>));
  }

  /**
   * The metrics of the latest successful evaluation run of a pipeline in an environment
   * (of one version when given), for metric rules; null when there is none.
   */
  async latestEvaluationMetrics(
    project: string,
    algorithm: string,
    environment: string,
    version?: string
  ): Promise<{ version: string; runToken: string; metrics: Run['metrics'] } | null> {
    const [run] = await this.list({
      project,
      algorithm,
      environment,
      version,
      useCase: 'evaluation',
      status: 'succeeded',
      limit: 1
    });
    return run ? { version: run.version, runToken: run.runToken, metrics: run.metrics } : null;
  }
}
