import type { Kysely, Selectable } from 'kysely';
import type { Database, VerificationRunTable } from '../db/schema';

export type VerificationStatus =
  'queued' | 'running' | 'passed' | 'failed' | 'timed_out' | 'cancelled' | 'lost';

export const ENDED: readonly VerificationStatus[] = [
  'passed',
  'failed',
  'timed_out',
  'cancelled',
  'lost'
];

export interface VerificationRow {
  id: number;
  requestId: number;
  revision: number;
  environment: string;
  useCase: string;
  executor: string;
  author: string;
  requestedBy: string;
  status: VerificationStatus;
  reason: string | null;
  step: { name: string; index: number; total: number } | null;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
  result: unknown;
  log: string | null;
}

function fromRow(r: Selectable<VerificationRunTable>): VerificationRow {
  return {
    id: r.id,
    requestId: r.request_id,
    revision: r.revision,
    environment: r.environment,
    useCase: r.use_case,
    executor: r.executor,
    author: r.author,
    requestedBy: r.requested_by,
    status: r.status as VerificationStatus,
    reason: r.reason,
    step:
      r.step === null ? null : { name: r.step, index: r.step_index ?? 0, total: r.step_total ?? 0 },
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    result: r.result === null ? null : JSON.parse(r.result),
    log: r.log
  };
}

/** What a run-scoped runner token may report: one run record of one bundle version. */
export interface RunnerScope {
  verification: number;
  project: string;
  algorithm: string;
  version: string;
  environment: string;
  runToken: string;
}

export type NewVerification = Pick<
  VerificationRow,
  | 'requestId'
  | 'revision'
  | 'environment'
  | 'useCase'
  | 'executor'
  | 'author'
  | 'requestedBy'
  | 'queuedAt'
>;

/** Verification runs: queued, claimed under a lease, ended once. */
export class VerificationStore {
  constructor(private readonly _db: Kysely<Database>) {}

  async insert(v: NewVerification): Promise<number> {
    const row = await this._db
      .insertInto('verification_runs')
      .values({
        request_id: v.requestId,
        revision: v.revision,
        environment: v.environment,
        use_case: v.useCase,
        executor: v.executor,
        author: v.author,
        requested_by: v.requestedBy,
        status: 'queued',
        queued_at: v.queuedAt
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async get(id: number): Promise<VerificationRow | null> {
    const r = await this._db
      .selectFrom('verification_runs')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r ? fromRow(r) : null;
  }

  /** A request's runs, newest first. */
  async forRequest(requestId: number, limit = 20): Promise<VerificationRow[]> {
    const rows = await this._db
      .selectFrom('verification_runs')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async countFor(requestId: number, revision: number): Promise<number> {
    const r = await this._db
      .selectFrom('verification_runs')
      .select(eb => eb.fn.countAll<number>().as('n'))
      .where('request_id', '=', requestId)
      .where('revision', '=', revision)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Queued runs, oldest first (the service picks fairly among them). */
  async queued(limit = 100): Promise<VerificationRow[]> {
    const rows = await this._db
      .selectFrom('verification_runs')
      .selectAll()
      .where('status', '=', 'queued')
      .orderBy('queued_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async running(): Promise<VerificationRow[]> {
    const rows = await this._db
      .selectFrom('verification_runs')
      .selectAll()
      .where('status', '=', 'running')
      .execute();
    return rows.map(fromRow);
  }

  /** Takes a queued run for `owner`; false when another process took it first. */
  async claim(id: number, owner: string, at: string, leaseUntil: string): Promise<boolean> {
    const r = await this._db
      .updateTable('verification_runs')
      .set({ status: 'running', started_at: at, lease_owner: owner, lease_until: leaseUntil })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Gives a run this owner holds its runner token (hash) and what the token may report. */
  async setRunner(id: number, owner: string, tokenHash: string, scope: RunnerScope) {
    await this._db
      .updateTable('verification_runs')
      .set({ runner_token_hash: tokenHash, runner_scope: JSON.stringify(scope) })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('lease_owner', '=', owner)
      .execute();
  }

  /** The scope of a runner token whose run is running under a lease not yet passed. */
  async runnerScope(tokenHash: string, now: string): Promise<RunnerScope | null> {
    const r = await this._db
      .selectFrom('verification_runs')
      .select(['runner_scope'])
      .where('runner_token_hash', '=', tokenHash)
      .where('status', '=', 'running')
      .where('lease_until', '>=', now)
      .executeTakeFirst();
    return r?.runner_scope ? (JSON.parse(r.runner_scope) as RunnerScope) : null;
  }

  /** Renews the lease (and records the step) of a run this owner holds. */
  async renew(
    id: number,
    owner: string,
    leaseUntil: string,
    step?: { name: string; index: number; total: number }
  ): Promise<boolean> {
    const r = await this._db
      .updateTable('verification_runs')
      .set({
        lease_until: leaseUntil,
        ...(step ? { step: step.name, step_index: step.index, step_total: step.total } : {})
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Ends a run that is still queued or held by `owner` (null: whoever holds it). */
  async finish(
    id: number,
    owner: string | null,
    end: {
      status: VerificationStatus;
      reason: string | null;
      at: string;
      result?: unknown;
      log?: string | null;
    }
  ): Promise<boolean> {
    let q = this._db
      .updateTable('verification_runs')
      .set({
        status: end.status,
        reason: end.reason,
        ended_at: end.at,
        lease_until: null,
        runner_token_hash: null,
        ...(end.result === undefined ? {} : { result: JSON.stringify(end.result) }),
        ...(end.log === undefined ? {} : { log: end.log })
      })
      .where('id', '=', id);
    q =
      owner === null
        ? q.where('status', 'in', ['queued', 'running'])
        : q.where('status', '=', 'running').where('lease_owner', '=', owner);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Ends every running run whose lease passed before `now`; returns their ids. */
  async expireLeases(now: string, reason: string): Promise<number[]> {
    const stale = await this._db
      .selectFrom('verification_runs')
      .select('id')
      .where('status', '=', 'running')
      .where('lease_until', '<', now)
      .execute();
    const ids: number[] = [];
    for (const { id } of stale) {
      const r = await this._db
        .updateTable('verification_runs')
        .set({ status: 'lost', reason, ended_at: now, lease_until: null, runner_token_hash: null })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .where('lease_until', '<', now)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) ids.push(id);
    }
    return ids;
  }
}
