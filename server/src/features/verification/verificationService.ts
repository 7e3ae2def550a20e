/**
 * Verification runs per revision: queued when a revision is submitted or on demand, run by
 * the environment's executor under a lease, compared with the notebook's saved metrics.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Actor, Environment } from '../../domain';
import { ConflictError, InputError, NotAllowedError } from '../../errors';
import type { ArtifactRepository } from '../../git';
import { viewOfJson } from '../../rules/notebookView';
import type { Run, RunnerScope, Stores, VerificationRow } from '../../store';
import { ENDED } from '../../store/verificationStore';
import { codeSources, notebookMetrics } from '../../rules/notebookMetrics';
import { compareMetrics, type Comparison } from '../../verification';
import type { EventBus } from '../events/eventBus';
import { AirflowExecutor, type ExecutorRun } from './airflowExecutor';
import { checkoutBundle } from './bundleFiles';
import { nextFairly } from './fairQueue';
import { verificationEvent } from './runEvents';
import type { LocalExecutor, LocalRunResult } from './localExecutor';
import { mintRunnerToken } from './runnerTokens';
import {
  executorFor,
  executorReady,
  readSettings,
  SETTINGS_KEY,
  type ExecutorKind,
  type VerificationSettings
} from './settings';
import type { SecretScanner } from './runLog';

export interface VerificationOptions {
  stores: Stores;
  repo: ArtifactRepository;
  events: EventBus;
  executor: LocalExecutor;
  /** Masks secrets in the logs of Airflow runs (the local executor has its own). */
  scan?: SecretScanner;
  /** Environment variables the Airflow passwords are read from (default process.env). */
  secrets?: NodeJS.ProcessEnv;
  basePython: string;
  venvCache: string;
  /** Relative data paths in the environment's parameters resolve here (none: left as is). */
  dataRoot?: string;
  /** Identities come from a Hub or an OIDC issuer: the local executor starts switched off. */
  sharedIdentity: boolean;
  /** The local executor's state until an admin sets it (NBPROMOTE_VERIFY_LOCAL). */
  localDefault?: boolean;
  leaseMs?: number;
  log?: (msg: string) => void;
  now?: () => Date;
}

/** What a run keeps once it ended (the `result` column). */
export interface VerificationResult {
  isolation: string;
  failedStep: string | null;
  steps: LocalRunResult['steps'];
  runMetrics: Record<string, number | string>;
  comparison: Comparison | null;
}

export interface VerificationView {
  id: number;
  revision: number;
  environment: string;
  useCase: string;
  executor: string;
  status: VerificationRow['status'];
  reason: string | null;
  step: VerificationRow['step'];
  requestedBy: string;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** A later revision exists: this run says nothing about the current one. */
  stale: boolean;
  result: VerificationResult | null;
  log: string | null;
}

export const LOST_REASON =
  'The executor stopped reporting (its lease expired): the runner or the service stopped mid-run.';

export const STOPPED_REASON = 'The service stopped during the run; run it again.';

export class VerificationService {
  private readonly _owner = randomUUID();
  private readonly _running = new Map<number, ExecutorRun>();
  /** Where runners report (POST /runs) with their run-scoped token: the service's address. */
  private _serviceUrl: string | null = null;
  /** Each local run's end, recorded: what cancel and stop wait for. */
  private readonly _settled = new Map<number, Promise<void>>();
  private _timer: NodeJS.Timeout | null = null;
  private _unsubscribe: (() => void) | null = null;
  private _pumping: Promise<void> | null = null;
  private _stopped = false;

  constructor(private readonly _o: VerificationOptions) {}

  private get _leaseMs(): number {
    return this._o.leaseMs ?? 30_000;
  }

  private _now(): Date {
    return this._o.now?.() ?? new Date();
  }

  /**
   * Starts listening for submitted revisions and running what is queued. `serviceUrl` is the
   * address runners report to; without one, runs end failed, saying so.
   */
  start(serviceUrl?: string): void {
    this._stopped = false;
    this._serviceUrl = serviceUrl ?? null;
    this._unsubscribe = this._o.events.subscribe(event => {
      if (event.action !== 'create' && event.action !== 'revise') return;
      void this.submitted(event.requestId, event.revision ?? 1).catch(err =>
        this._o.log?.(`nbpromote: verification of request ${event.requestId}: ${String(err)}`)
      );
    });
    const tick = () => {
      void this.sweep().catch(err => this._o.log?.(`nbpromote: verification: ${String(err)}`));
    };
    this._timer = setInterval(tick, Math.max(200, Math.floor(this._leaseMs / 3)));
    // Housekeeping: the server keeps the process alive, not the sweep.
    this._timer.unref();
    tick();
  }

  /** Stops taking runs; runs going here are stopped and end "lost" with the reason. */
  async stop(): Promise<void> {
    this._stopped = true;
    this._unsubscribe?.();
    if (this._timer) clearInterval(this._timer);
    const settled = [...this._settled.values()];
    for (const run of this._running.values()) run.cancel();
    await Promise.allSettled(settled);
    await this._pumping;
  }

  async settings(): Promise<VerificationSettings> {
    return readSettings(this._o.stores, this._o.sharedIdentity, this._o.localDefault);
  }

  async saveSettings(actor: Actor, change: Partial<VerificationSettings>) {
    if (actor.role !== 'admin') {
      throw new NotAllowedError('Only admins change verification settings.', { role: actor.role });
    }
    const next = { ...(await this.settings()), ...change };
    for (const [env, choice] of Object.entries(next.environments)) {
      if (choice?.executor === 'airflow' && !choice.airflow) {
        throw new InputError(`The airflow executor of ${env} needs its Airflow settings.`, {
          field: 'environments'
        });
      }
    }
    const at = this._now();
    await this._o.stores.transaction(async tx => {
      await tx.settings.set(SETTINGS_KEY, JSON.stringify(next), actor.id, at);
      await tx.audit.append([
        {
          requestId: null,
          actor: actor.id,
          action: 'verification_settings',
          fromState: null,
          toState: null,
          outcome: 'applied',
          details: { ...next },
          at: at.toISOString()
        }
      ]);
    });
    void this.sweep();
    return next;
  }

  /** A revision was submitted: queue its verification once. */
  async submitted(requestId: number, revision: number): Promise<void> {
    const summary = await this._o.stores.views.summary(requestId);
    const plan = await this._plan(summary.environment);
    if (!plan.ready) return;
    if ((await this._o.stores.verifications.countFor(requestId, revision)) > 0) return;
    await this._enqueue(summary, revision, summary.author, plan);
  }

  /** *Run again*: the author, reviewers and admins may. */
  async runAgain(actor: Actor, requestId: number): Promise<VerificationView> {
    const summary = await this._o.stores.views.summary(requestId);
    this._assertMayAct(actor, summary.author);
    const plan = await this._plan(summary.environment);
    if (!plan.ready) {
      throw new ConflictError(
        `Verification runs on ${plan.executor} are switched off for ${summary.environment} ` +
          '(an admin turns them on).',
        { state: 'disabled' }
      );
    }
    const [latest] = await this._o.stores.verifications.forRequest(requestId, 1);
    if (latest && (latest.status === 'queued' || latest.status === 'running')) {
      throw new ConflictError(
        `A verification of request ${requestId} is already ${latest.status}.`,
        {
          state: latest.status
        }
      );
    }
    const id = await this._enqueue(summary, summary.revision, actor.id, plan);
    return this._view((await this._o.stores.verifications.get(id))!, summary.revision);
  }

  /** *Cancel* the request's queued or running verification. */
  async cancel(actor: Actor, requestId: number): Promise<VerificationView> {
    const summary = await this._o.stores.views.summary(requestId);
    this._assertMayAct(actor, summary.author);
    const [latest] = await this._o.stores.verifications.forRequest(requestId, 1);
    if (!latest || ENDED.includes(latest.status)) {
      throw new ConflictError(`Request ${requestId} has no verification to cancel.`, {
        state: latest?.status ?? 'none'
      });
    }
    const local = this._running.get(latest.id);
    if (local) {
      local.cancel();
      await this._settled.get(latest.id);
    } else {
      // Queued, or held by another process: that one sees its lease gone and stops.
      await this._o.stores.transaction(tx =>
        tx.verifications.finish(latest.id, null, {
          status: 'cancelled',
          reason: `Cancelled by ${actor.id}.`,
          at: this._now().toISOString()
        })
      );
      await this._announce(latest.id);
    }
    return this._view((await this._o.stores.verifications.get(latest.id))!, summary.revision);
  }

  /** The request's verification runs, newest first, and whether the executor is on. */
  async forRequest(requestId: number) {
    const summary = await this._o.stores.views.summary(requestId);
    const rows = await this._o.stores.verifications.forRequest(requestId);
    return {
      enabled: (await this._plan(summary.environment)).ready,
      revision: summary.revision,
      runs: rows.map(r => this._view(r, summary.revision))
    };
  }

  /** Ends runs whose lease passed, then starts what the limit allows. */
  async sweep(): Promise<void> {
    if (this._stopped) return;
    const now = this._now().toISOString();
    // In a transaction: read caches (request details, rule results) forget what they held.
    const lost = await this._o.stores.transaction(tx =>
      tx.verifications.expireLeases(now, LOST_REASON)
    );
    for (const id of lost) {
      this._o.log?.(`nbpromote: verification ${id} lost: lease expired`);
      await this._announce(id);
    }
    await this._pump();
  }

  private _assertMayAct(actor: Actor, author: string): void {
    if (actor.id !== author && actor.role !== 'reviewer' && actor.role !== 'admin') {
      throw new NotAllowedError(
        'Only the author, reviewers and admins start or cancel verification runs.',
        { role: actor.role }
      );
    }
  }

  /** What an environment's runs run (the `reproduces` rule's choice, then the admin's). */
  private async _plan(
    environment: string
  ): Promise<{ useCase: string; executor: ExecutorKind; ready: boolean }> {
    const settings = await this.settings();
    const rule = await this._reproducesRule(environment);
    const executor = executorFor(settings, environment, rule?.executor);
    return {
      useCase: rule?.useCase ?? 'training',
      executor,
      ready: executorReady(settings, environment, executor)
    };
  }

  private async _reproducesRule(
    environment: string
  ): Promise<{ useCase?: string; executor?: ExecutorKind } | undefined> {
    const latest = await this._o.stores.rules.latest();
    const doc = latest?.document as
      | {
          defaults?: { rules?: { type: string; parameters?: Record<string, unknown> }[] };
          environments?: Record<
            string,
            { rules?: { type: string; parameters?: Record<string, unknown> }[] } | undefined
          >;
        }
      | undefined;
    const rules = [
      ...(doc?.environments?.[environment]?.rules ?? []),
      ...(doc?.defaults?.rules ?? [])
    ];
    const p = rules.find(r => r.type === 'reproduces')?.parameters;
    return (
      p && {
        useCase: typeof p.useCase === 'string' ? p.useCase : undefined,
        executor: p.executor === 'local' || p.executor === 'airflow' ? p.executor : undefined
      }
    );
  }

  private async _enqueue(
    summary: { id: number; environment: string; author: string },
    revision: number,
    requestedBy: string,
    plan: { useCase: string; executor: ExecutorKind }
  ): Promise<number> {
    const id = await this._o.stores.verifications.insert({
      requestId: summary.id,
      revision,
      environment: summary.environment,
      useCase: plan.useCase,
      executor: plan.executor,
      author: summary.author,
      requestedBy,
      queuedAt: this._now().toISOString()
    });
    await this._announce(id);
    void this.sweep();
    return id;
  }

  private _pump(): Promise<void> {
    // One pump at a time per process: claims then never race with themselves.
    if (!this._pumping) {
      this._pumping = this._pumpOnce().finally(() => (this._pumping = null));
    }
    return this._pumping;
  }

  private async _pumpOnce(): Promise<void> {
    const settings = await this.settings();
    const store = this._o.stores.verifications;
    while (!this._stopped && this._running.size < settings.concurrency) {
      const running = await store.running();
      // Runs whose executor is off stay queued until an admin turns it on.
      const startable = (await store.queued()).filter(r =>
        executorReady(settings, r.environment, r.executor as ExecutorKind)
      );
      const next = nextFairly(startable, running);
      if (!next) return;
      const at = this._now();
      const until = new Date(at.getTime() + this._leaseMs).toISOString();
      const claimed = await this._o.stores.transaction(tx =>
        tx.verifications.claim(next.id, this._owner, at.toISOString(), until)
      );
      if (!claimed) continue;
      await this._announce(next.id);
      await this._launch(next, settings);
    }
  }

  private async _launch(row: VerificationRow, settings: VerificationSettings): Promise<void> {
    const finish = async (status: VerificationRow['status'], reason: string | null, extra = {}) => {
      await this._o.stores.transaction(tx =>
        tx.verifications.finish(row.id, this._owner, {
          status,
          reason,
          at: this._now().toISOString(),
          ...extra
        })
      );
      await this._announce(row.id);
    };
    let bundleDir: string;
    let notebook: string;
    let manifest: BundleManifest;
    try {
      const summary = await this._o.stores.views.summary(row.requestId);
      const revision = await this._o.stores.views.revision(row.requestId, row.revision);
      notebook = revision.notebook;
      bundleDir = await checkoutBundle(
        this._o.repo,
        revision.commitSha,
        `${summary.project}/${summary.algorithm}`
      );
      manifest = JSON.parse(
        fs.readFileSync(path.join(bundleDir, 'pipeline.json'), 'utf8')
      ) as BundleManifest;
    } catch (err) {
      await finish('failed', `The bundle could not be read: ${(err as Error).message}`);
      return;
    }
    const airflow = row.executor === 'airflow';
    const suffix = randomUUID().slice(0, 8);
    // Airflow's tasks name their run after the DAG run id (the DAG's run_token filter).
    const dagRunId = `nbpromote-verify-${row.id}-${suffix}`;
    const scope: RunnerScope = {
      verification: row.id,
      project: manifest.project,
      algorithm: manifest.algorithm,
      version: manifest.version,
      environment: row.environment,
      runToken: airflow ? `airflow-${dagRunId}` : `verify-${row.id}-${suffix}`
    };
    const runner = mintRunnerToken();
    await this._o.stores.verifications.setRunner(row.id, this._owner, runner.hash, scope);
    let run: ExecutorRun;
    try {
      run = this._start(row, settings, manifest, bundleDir, scope, runner.token, dagRunId);
    } catch (err) {
      fs.rmSync(bundleDir, { recursive: true, force: true });
      await finish('failed', (err as Error).message);
      return;
    }
    this._running.set(row.id, run);
    const heartbeat = setInterval(
      () => void this._renew(row.id),
      Math.max(100, Math.floor(this._leaseMs / 3))
    );
    const settled = run.done
      .then(async result => {
        // The run's own report (POST /runs with its token) is its result.
        const record = await this._o.stores.runs.get(scope);
        const end = this._stopped
          ? { status: 'lost' as const, reason: STOPPED_REASON, result: undefined }
          : this._verdict(withRecord(result, record), notebook);
        await finish(end.status, end.reason, { result: end.result, log: result.log });
      })
      .catch(async (err: unknown) => {
        this._o.log?.(`nbpromote: verification ${row.id} failed to run: ${String(err)}`);
        await finish('failed', 'The executor could not run the bundle.').catch(() => undefined);
      })
      .finally(() => {
        clearInterval(heartbeat);
        this._running.delete(row.id);
        this._settled.delete(row.id);
        fs.rmSync(bundleDir, { recursive: true, force: true });
        void this.sweep().catch(() => undefined);
      });
    this._settled.set(row.id, settled);
  }

  /** Starts the run on its executor; throws with a reason people can act on. */
  private _start(
    row: VerificationRow,
    settings: VerificationSettings,
    manifest: BundleManifest,
    bundleDir: string,
    scope: RunnerScope,
    token: string,
    dagRunId: string
  ): ExecutorRun {
    const onStep = (step: { step: string; index: number; total: number }) =>
      void this._renew(row.id, step);
    const parameters = this._parameters(bundleDir, row.environment);
    if (row.executor === 'airflow') {
      const a = settings.environments[row.environment as Environment]?.airflow;
      if (!a) throw new Error(`No Airflow is set for ${row.environment}.`);
      const password = (this._o.secrets ?? process.env)[a.passwordEnv];
      if (!password) {
        throw new Error(
          `The Airflow password of ${row.environment} is not set: the service has no ` +
            `environment variable ${a.passwordEnv}.`
        );
      }
      const reportTo = a.reportTo ?? this._serviceUrl;
      if (!reportTo) throw new Error('The service has no URL for Airflow tasks to report to.');
      const executor = new AirflowExecutor(
        {
          url: a.url,
          username: a.username,
          password,
          dagWaitMs: (a.dagWaitSeconds ?? 120) * 1000,
          api: a.api,
          pollMs: Math.max(200, Math.min(2000, Math.floor(this._leaseMs / 4)))
        },
        this._o.scan
      );
      return executor.start(
        {
          dagId: `${manifest.package}_${row.useCase}`,
          dagRunId,
          steps: stepsOf(manifest, row.useCase),
          conf: {
            ...parameters,
            nbpromote_runner_token: token,
            nbpromote_report_to: reportTo
          },
          timeoutMs: settings.timeoutSeconds * 1000,
          secrets: [token, password]
        },
        onStep
      );
    }
    if (!this._serviceUrl) throw new Error('The service has no URL for runners to report to.');
    return this._o.executor.start(
      {
        bundleDir,
        useCase: row.useCase,
        environment: row.environment,
        runToken: scope.runToken,
        parameters,
        timeoutMs: settings.timeoutSeconds * 1000,
        memoryBytes: settings.memoryMb * 1024 * 1024,
        cpuSeconds: settings.cpuSeconds,
        reportTo: { url: this._serviceUrl, token },
        basePython: this._o.basePython,
        venvCache: this._o.venvCache
      },
      onStep
    );
  }

  /** Keeps the lease; a run whose lease is gone (cancelled elsewhere, expired) is stopped. */
  private async _renew(id: number, step?: { step: string; index: number; total: number }) {
    const until = new Date(this._now().getTime() + this._leaseMs).toISOString();
    const held = await this._o.stores.verifications
      .renew(
        id,
        this._owner,
        until,
        step && { name: step.step, index: step.index, total: step.total }
      )
      .catch(() => true); // a database hiccup is not a lost lease
    if (!held) this._running.get(id)?.cancel();
    else if (step) await this._announce(id);
  }

  /** Tells every event stream that run `id` changed, once the change is committed. */
  private async _announce(id: number): Promise<void> {
    const row = await this._o.stores.verifications.get(id).catch(() => null);
    if (row) this._o.events.publishVerification(verificationEvent(row, this._now().toISOString()));
  }

  private _parameters(bundleDir: string, environment: string): Record<string, unknown> {
    const manifest = JSON.parse(fs.readFileSync(path.join(bundleDir, 'pipeline.json'), 'utf8')) as {
      environments?: Record<string, { parameters?: Record<string, unknown> }>;
    };
    const params = { ...(manifest.environments?.[environment]?.parameters ?? {}) };
    const root = this._o.dataRoot;
    if (root) {
      for (const [k, v] of Object.entries(params)) {
        if (typeof v === 'string' && !path.isAbsolute(v) && !v.includes('://')) {
          const local = path.resolve(root, v);
          if (local.startsWith(path.resolve(root) + path.sep) && fs.existsSync(local)) {
            params[k] = local;
          }
        }
      }
    }
    return params;
  }

  private _verdict(
    result: LocalRunResult,
    notebookText: string
  ): { status: VerificationRow['status']; reason: string | null; result: VerificationResult } {
    const kept: VerificationResult = {
      isolation: result.isolation,
      failedStep: result.failedStep,
      steps: result.steps,
      runMetrics: result.metrics,
      comparison: null
    };
    if (result.status !== 'succeeded') {
      return { status: result.status, reason: result.reason, result: kept };
    }
    const view = viewOfJson(
      JSON.parse(notebookText) as Record<string, unknown>,
      notebookText.length
    );
    const comparison = compareMetrics(notebookMetrics(view), result.metrics, {
      sources: codeSources(view)
    });
    return {
      status: comparison.passed ? 'passed' : 'failed',
      reason: comparison.passed ? null : `Does not reproduce the notebook: ${comparison.summary}`,
      result: { ...kept, comparison }
    };
  }

  private _view(r: VerificationRow, latestRevision: number): VerificationView {
    return {
      id: r.id,
      revision: r.revision,
      environment: r.environment,
      useCase: r.useCase,
      executor: r.executor,
      status: r.status,
      reason: r.reason,
      step: r.step,
      requestedBy: r.requestedBy,
      queuedAt: r.queuedAt,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      stale: r.revision < latestRevision,
      result: (r.result as VerificationResult | null) ?? null,
      log: r.log
    };
  }
}

interface BundleManifest {
  package: string;
  project: string;
  algorithm: string;
  version: string;
  order: string[];
  use_cases: Record<string, string[]>;
}

function stepsOf(m: BundleManifest, useCase: string): string[] {
  const wanted = new Set(m.use_cases[useCase] ?? []);
  return m.order.filter(s => wanted.has(s));
}

/**
 * The executor's end with the run's own report: its metrics and steps. A run that ended well
 * but never reported, or reported a failure, did not succeed.
 */
function withRecord(result: LocalRunResult, record: Run | null): LocalRunResult {
  if (!record) {
    return result.status === 'succeeded'
      ? {
          ...result,
          status: 'failed',
          reason: 'The run ended without reporting its result (POST /runs with its runner token).'
        }
      : result;
  }
  const steps = record.steps.map(s => ({
    name: s.name,
    status: s.status,
    ...(s.startedAt ? { startedAt: s.startedAt } : {}),
    ...(s.endedAt ? { endedAt: s.endedAt } : {})
  }));
  const failedStep = record.steps.find(s => s.status === 'failed')?.name ?? result.failedStep;
  const reported = { ...result, steps, metrics: record.metrics, failedStep };
  if (result.status === 'succeeded' && record.status !== 'succeeded') {
    return {
      ...reported,
      status: 'failed',
      reason: `The run reported itself ${record.status}${failedStep ? ` at step ${failedStep}` : ''}.`
    };
  }
  return reported;
}
