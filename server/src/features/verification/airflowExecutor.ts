/**
 * The `airflow` executor: a verification run as a DAG run of the bundle's DAG on the
 * environment's Apache Airflow, through its REST API: Airflow 3's `/api/v2` with a JWT from
 * `/auth/token`, or Airflow 2.10's `/api/v1` with basic auth (its basic_auth backend).
 * The run-scoped runner token, the service URL and the parameters travel as DAG-run conf; the
 * DAG's tasks report the run record with that token, and the service reads the metrics there.
 */
import type { LocalRunResult, RunEnd, StepProgress } from './localExecutor';
import { LogBuffer, maskLog, type SecretScanner } from './runLog';

export interface AirflowConnection {
  /** Base URL of Airflow's API server, e.g. http://airflow:8080. */
  url: string;
  username: string;
  password: string;
  /** How long the DAG may take to appear (parsed by the dag-processor). */
  dagWaitMs: number;
  /** How often the run's state is read. */
  pollMs?: number;
  /** `v2`: Airflow 3 (default); `v1`: Airflow 2.10. */
  api?: 'v2' | 'v1';
}

export interface AirflowRunSpec {
  dagId: string;
  dagRunId: string;
  /** The use case's steps in order: the DAG's task ids. */
  steps: string[];
  conf: Record<string, unknown>;
  timeoutMs: number;
  /** Values masked in what the run shows (the runner token). */
  secrets: string[];
}

export interface ExecutorRun {
  readonly done: Promise<LocalRunResult>;
  cancel(): void;
}

interface TaskInstance {
  task_id: string;
  state: string | null;
  start_date?: string | null;
  end_date?: string | null;
  try_number?: number;
}

/** Airflow answered, but not as asked: the message says what it said. */
class AirflowError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
  }
}

const ENDED_RUN = new Set(['success', 'failed']);
/** Consecutive failed reads of a started run before it counts as unreachable. */
const MAX_MISSES = 5;

export class AirflowExecutor {
  private _jwt: string | null = null;

  constructor(
    private readonly _c: AirflowConnection,
    private readonly _scan?: SecretScanner
  ) {}

  start(spec: AirflowRunSpec, onStep: (p: StepProgress) => void = () => undefined): ExecutorRun {
    let cancelled = false;
    let wake: () => void = () => undefined;
    const done = this._run(spec, onStep, {
      isCancelled: () => cancelled,
      nap: ms =>
        new Promise<void>(resolve => {
          const t = setTimeout(resolve, ms);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        })
    });
    return {
      done,
      cancel: () => {
        cancelled = true;
        wake();
      }
    };
  }

  private async _run(
    spec: AirflowRunSpec,
    onStep: (p: StepProgress) => void,
    control: { isCancelled: () => boolean; nap: (ms: number) => Promise<void> }
  ): Promise<LocalRunResult> {
    const log = new LogBuffer();
    const base = this._c.url.replace(/\/+$/, '');
    const dag = encodeURIComponent(spec.dagId);
    const v1 = this._c.api === 'v1';
    const api = v1 ? '/api/v1' : '/api/v2';
    const runPath = `${api}/dags/${dag}/dagRuns/${encodeURIComponent(spec.dagRunId)}`;
    const pollMs = this._c.pollMs ?? 2000;
    const started = Date.now();
    let steps: LocalRunResult['steps'] = spec.steps.map(name => ({ name, status: 'pending' }));
    const ended = async (
      status: RunEnd,
      reason: string | null,
      failedStep: string | null = null
    ): Promise<LocalRunResult> => ({
      status,
      reason,
      failedStep,
      metrics: {},
      steps,
      isolation: `airflow at ${base}`,
      log: await maskLog(log.text(), spec.secrets, this._scan)
    });

    // 1. The DAG: parsed by Airflow's dag-processor from the bundle placed in its dags folder.
    try {
      const until = started + this._c.dagWaitMs;
      for (;;) {
        const res = await this._call('GET', `${api}/dags/${dag}`);
        if (res.status === 200) break;
        if (res.status !== 404) throw new AirflowError(await describe(res), res.status);
        if (Date.now() >= until) {
          return ended(
            'failed',
            `The DAG ${spec.dagId} did not appear in Airflow at ${base} within ` +
              `${Math.round(this._c.dagWaitMs / 1000)} s: is the bundle in its dags folder?`
          );
        }
        if (control.isCancelled()) return ended('cancelled', 'Cancelled before it started.');
        await control.nap(Math.min(pollMs, 2000));
      }
      // New DAGs start paused, and a run of a paused DAG waits forever: unpause it, saying so.
      if (((await this._json('GET', `${api}/dags/${dag}`)) as { is_paused?: boolean }).is_paused) {
        await this._ok('PATCH', `${api}/dags/${dag}?update_mask=is_paused`, { is_paused: false });
        log.append(`[airflow] unpaused ${spec.dagId}\n`);
      }
      if (control.isCancelled()) return ended('cancelled', 'Cancelled before it started.');
      // Airflow 3 asks for the logical date (none: a run of now); 2.10 sets it itself.
      await this._ok('POST', `${api}/dags/${dag}/dagRuns`, {
        dag_run_id: spec.dagRunId,
        ...(v1 ? {} : { logical_date: null }),
        conf: spec.conf
      });
      log.append(`[airflow] triggered ${spec.dagId} run ${spec.dagRunId} at ${base}\n`);
    } catch (err) {
      return ended('failed', unreachable(base, err));
    }

    // 2. Follow the run: task states are the steps; the lease is renewed through onStep.
    let misses = 0;
    let lastStep = '';
    for (;;) {
      if (control.isCancelled()) {
        await this._markFailed(runPath, log);
        return ended('cancelled', 'Cancelled; the DAG run was marked failed in Airflow.');
      }
      if (Date.now() - started > spec.timeoutMs) {
        await this._markFailed(runPath, log);
        const at = steps.find(s => s.status === 'running')?.name;
        return ended(
          'timed_out',
          `Stopped after ${Math.round(spec.timeoutMs / 1000)} s${at ? ` during step ${at}` : ''}; ` +
            'the DAG run was marked failed in Airflow.',
          at ?? null
        );
      }
      let state: string;
      let tasks: TaskInstance[];
      try {
        state = ((await this._json('GET', runPath)) as { state: string }).state;
        tasks = (
          (await this._json('GET', `${runPath}/taskInstances`)) as {
            task_instances: TaskInstance[];
          }
        ).task_instances;
        misses = 0;
      } catch (err) {
        if (++misses >= MAX_MISSES) return ended('failed', unreachable(base, err));
        await control.nap(pollMs);
        continue;
      }
      steps = spec.steps.map(name => {
        const t = tasks.find(x => x.task_id === name);
        return {
          name,
          status: stepStatus(t?.state ?? null),
          ...(t?.start_date ? { startedAt: t.start_date } : {}),
          ...(t?.end_date ? { endedAt: t.end_date } : {})
        };
      });
      const current =
        steps.find(s => s.status === 'running') ?? steps.find(s => s.status === 'pending');
      if (current) {
        const index = spec.steps.indexOf(current.name) + 1;
        // Only a new step is news (the service's heartbeat keeps the lease meanwhile).
        if (current.name !== lastStep) {
          lastStep = current.name;
          log.append(`[airflow] step ${current.name} (${index} of ${spec.steps.length})\n`);
          onStep({ step: current.name, index, total: spec.steps.length });
        }
      }
      if (ENDED_RUN.has(state)) {
        if (state === 'success') return ended('succeeded', null);
        // The step that failed, not one skipped because of it (upstream_failed).
        const failed = spec.steps
          .map(name => tasks.find(t => t.task_id === name && t.state === 'failed'))
          .find(t => t !== undefined);
        const name = failed?.task_id ?? null;
        if (failed) await this._taskLog(runPath, failed, log);
        const error = lastErrorLine(log.text());
        return ended(
          'failed',
          error ?? (name ? `step ${name} failed in Airflow` : 'The DAG run failed in Airflow.'),
          name
        );
      }
      await control.nap(pollMs);
    }
  }

  /** The failing task's log, as Airflow 3 returns it (structured lines, or text). */
  private async _taskLog(runPath: string, t: TaskInstance, log: LogBuffer): Promise<void> {
    const attempt = Math.max(1, t.try_number ?? 1);
    const pathname = `${runPath}/taskInstances/${encodeURIComponent(t.task_id)}/logs/${attempt}?full_content=true`;
    try {
      // Airflow 2.10 answers its JSON log as a Python repr; as text it is the log itself.
      const text = this._c.api === 'v1';
      const res = await this._call('GET', pathname, undefined, text ? 'text/plain' : undefined);
      if (!res.ok) throw new AirflowError(`GET ${pathname}: ${await describe(res)}`, res.status);
      log.append(`[airflow] log of step ${t.task_id} (try ${attempt}):\n`);
      log.append(
        logText(text ? await res.text() : ((await res.json()) as { content?: unknown }).content)
      );
    } catch (err) {
      log.append(`[airflow] the log of step ${t.task_id} could not be read: ${String(err)}\n`);
    }
  }

  private async _markFailed(runPath: string, log: LogBuffer): Promise<void> {
    try {
      await this._ok('PATCH', runPath, { state: 'failed' });
    } catch (err) {
      log.append(`[airflow] the DAG run could not be marked failed: ${String(err)}\n`);
    }
  }

  private async _signIn(): Promise<string> {
    const res = await fetch(`${this._c.url.replace(/\/+$/, '')}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: this._c.username, password: this._c.password }),
      signal: AbortSignal.timeout(30_000)
    });
    if (res.status !== 200 && res.status !== 201) {
      throw new AirflowError(
        `signing in as ${this._c.username}: ${await describe(res)}`,
        res.status
      );
    }
    return ((await res.json()) as { access_token: string }).access_token;
  }

  /** One API call with the JWT; a 401 signs in again once (the JWT expired). */
  private async _call(
    method: string,
    pathname: string,
    body?: unknown,
    accept = 'application/json'
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const authorization =
        this._c.api === 'v1'
          ? `Basic ${Buffer.from(`${this._c.username}:${this._c.password}`).toString('base64')}`
          : `Bearer ${(this._jwt ??= await this._signIn())}`;
      const res = await fetch(`${this._c.url.replace(/\/+$/, '')}${pathname}`, {
        method,
        headers: {
          Authorization: authorization,
          Accept: accept,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000)
      });
      if (res.status !== 401 || attempt > 0) return res;
      this._jwt = null;
    }
  }

  private async _ok(method: string, pathname: string, body?: unknown): Promise<void> {
    const res = await this._call(method, pathname, body);
    if (!res.ok)
      throw new AirflowError(`${method} ${pathname}: ${await describe(res)}`, res.status);
    await res.arrayBuffer();
  }

  private async _json(method: string, pathname: string): Promise<unknown> {
    const res = await this._call(method, pathname);
    if (!res.ok)
      throw new AirflowError(`${method} ${pathname}: ${await describe(res)}`, res.status);
    return res.json();
  }
}

function stepStatus(state: string | null): string {
  if (state === 'success' || state === 'skipped') return 'succeeded';
  if (state === 'failed' || state === 'upstream_failed') return 'failed';
  if (state === 'running' || state === 'up_for_retry' || state === 'restarting') return 'running';
  return 'pending';
}

async function describe(res: Response): Promise<string> {
  const text = (await res.text().catch(() => '')).slice(0, 300);
  let detail = text;
  try {
    const parsed = JSON.parse(text) as { detail?: unknown };
    if (parsed.detail !== undefined) detail = JSON.stringify(parsed.detail);
  } catch {
    // not JSON: the text as it came
  }
  return `HTTP ${res.status}${detail ? ` ${detail}` : ''}`;
}

function unreachable(base: string, err: unknown): string {
  if (err instanceof AirflowError) return `Airflow at ${base} refused: ${err.message}`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (err as Error).message ?? String(err);
  return `Airflow at ${base} is unreachable (${why}).`;
}

/** Airflow 3 serves a task log as structured events; 2.x as text. */
function logText(content: unknown): string {
  if (typeof content === 'string') return content.endsWith('\n') ? content : `${content}\n`;
  if (!Array.isArray(content)) return '';
  return content
    .map(line => {
      if (typeof line === 'string') return `${line}\n`;
      const l = line as { event?: unknown; timestamp?: unknown; level?: unknown };
      const head = [l.timestamp, l.level].filter(x => typeof x === 'string').join(' ');
      return `${head ? `${head} ` : ''}${typeof l.event === 'string' ? l.event : JSON.stringify(line)}\n`;
    })
    .join('');
}

/** The runner prints `error: <why>` when a step fails: the reason people read first. */
function lastErrorLine(text: string): string | null {
  const matches = [...text.matchAll(/error: ([^\n]+)/g)];
  return matches.length > 0 ? matches[matches.length - 1][1].trim() : null;
}
