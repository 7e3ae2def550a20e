/**
 * The `local` executor: a verification run as a separate process on the service's machine,
 * in a temporary root of its own, with a scrubbed environment, resource limits and (where the
 * kernel has Landlock) no access to files or ports beyond what the run needs. See the README's
 * "Verification runs" for what this does not protect against.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogBuffer, maskLog, type SecretScanner } from './runLog';
import { environmentFor, RequirementsError } from './pythonEnvironment';

const SANDBOX = path.resolve(__dirname, '..', '..', '..', 'python', 'verification', 'sandbox.py');
// Everything a Python process needs to start and import its libraries, read-only.
const SYSTEM_READ = ['/usr', '/lib', '/lib64', '/bin', '/sbin', '/etc', '/proc', '/sys'];
const DEVICES = ['/dev/null', '/dev/zero', '/dev/random', '/dev/urandom', '/dev/tty'];

export type RunEnd = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

export interface LocalRunSpec {
  /** The bundle folder: pipeline.json and the package beside it. Copied, never run in place. */
  bundleDir: string;
  useCase: string;
  environment: string;
  runToken: string;
  /** Parameter values for this run (the environment's); absolute local paths become readable. */
  parameters?: Record<string, unknown>;
  timeoutMs: number;
  memoryBytes?: number;
  cpuSeconds?: number;
  /** Where the runner reports (POST /runs) with the run-scoped token; only its port is open. */
  reportTo?: { url: string; token: string };
  basePython: string;
  venvCache: string;
}

export interface StepProgress {
  step: string;
  index: number;
  total: number;
}

export interface LocalRunResult {
  status: RunEnd;
  /** Why it ended so, for people: "step 'train' failed: ValueError: ...". */
  reason: string | null;
  failedStep: string | null;
  metrics: Record<string, number | string>;
  steps: { name: string; status: string; startedAt?: string; endedAt?: string }[];
  log: string;
  /** How the process was confined: "landlock abi 7", or "limits only" without Landlock. */
  isolation: string;
}

interface Manifest {
  package: string;
  project: string;
  algorithm: string;
  version: string;
  order: string[];
  use_cases: Record<string, string[]>;
  requirements: string[];
}

export interface LocalRun {
  readonly pid: Promise<number>;
  readonly done: Promise<LocalRunResult>;
  cancel(): void;
}

function manifestOf(bundleDir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(bundleDir, 'pipeline.json'), 'utf8')) as Manifest;
}

function stepsOf(m: Manifest, useCase: string): string[] {
  const wanted = new Set(m.use_cases[useCase] ?? []);
  return m.order.filter(s => wanted.has(s));
}

function localPaths(parameters: Record<string, unknown> | undefined): string[] {
  return Object.values(parameters ?? {}).filter(
    (v): v is string => typeof v === 'string' && path.isAbsolute(v) && fs.existsSync(v)
  );
}

function paramArgs(parameters: Record<string, unknown> | undefined): string[] {
  return Object.entries(parameters ?? {}).flatMap(([k, v]) => [
    '--param',
    `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`
  ]);
}

function portOf(url: string): number {
  const u = new URL(url);
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
}

export class LocalExecutor {
  constructor(private readonly _scan?: SecretScanner) {}

  start(spec: LocalRunSpec, onStep: (p: StepProgress) => void = () => undefined): LocalRun {
    let cancelled = false;
    let kill: (() => void) | null = null;
    let setPid: (pid: number) => void = () => undefined;
    const pid = new Promise<number>(resolve => (setPid = resolve));
    const done = this._run(spec, onStep, {
      isCancelled: () => cancelled,
      onSpawn: (p, k) => {
        kill = k;
        setPid(p);
      }
    });
    return {
      pid,
      done,
      cancel: () => {
        cancelled = true;
        kill?.();
      }
    };
  }

  private async _run(
    spec: LocalRunSpec,
    onStep: (p: StepProgress) => void,
    control: { isCancelled: () => boolean; onSpawn: (pid: number, kill: () => void) => void }
  ): Promise<LocalRunResult> {
    const manifest = manifestOf(spec.bundleDir);
    const steps = stepsOf(manifest, spec.useCase);
    const known = spec.reportTo ? [spec.reportTo.token] : [];
    const ended = async (
      status: RunEnd,
      reason: string | null,
      log: string,
      extra: Partial<LocalRunResult> = {}
    ): Promise<LocalRunResult> => ({
      status,
      reason,
      failedStep: null,
      metrics: {},
      steps: [],
      isolation: 'none',
      ...extra,
      log: await maskLog(log, known, this._scan)
    });

    let env;
    try {
      env = await environmentFor(manifest.requirements.join('\n'), {
        basePython: spec.basePython,
        cacheDir: spec.venvCache
      });
    } catch (err) {
      if (err instanceof RequirementsError) {
        return ended('failed', `requirements: ${lastLine(err.pipMessage)}`, err.pipMessage);
      }
      throw err;
    }
    if (control.isCancelled()) return ended('cancelled', 'Cancelled before it started.', '');

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-verify-'));
    try {
      const bundle = path.join(root, 'bundle');
      fs.cpSync(spec.bundleDir, bundle, { recursive: true });
      const runs = path.join(root, 'runs');
      for (const d of ['runs', 'home', 'tmp', 'work']) fs.mkdirSync(path.join(root, d));
      const config = {
        read: [...SYSTEM_READ, ...env.readPaths, ...localPaths(spec.parameters)],
        write: [root],
        devices: DEVICES,
        ports: spec.reportTo ? [portOf(spec.reportTo.url)] : [],
        limits: {
          memory_bytes: spec.memoryBytes ?? 0,
          cpu_seconds: spec.cpuSeconds ?? 0,
          file_bytes: 1024 * 1024 * 1024
        }
      };
      const args = [
        SANDBOX,
        JSON.stringify(config),
        '--',
        env.python,
        '-m',
        manifest.package,
        'run',
        '--use-case',
        spec.useCase,
        '--env',
        spec.environment,
        '--root',
        runs,
        '--run-token',
        spec.runToken,
        ...paramArgs(spec.parameters),
        ...(spec.reportTo ? ['--report-to', spec.reportTo.url] : [])
      ];
      // Only what Python needs: no service settings, database URL, git credentials or tokens.
      const childEnv: NodeJS.ProcessEnv = {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: path.join(root, 'home'),
        TMPDIR: path.join(root, 'tmp'),
        LANG: 'C.UTF-8',
        PYTHONPATH: bundle,
        PYTHONNOUSERSITE: '1',
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONUNBUFFERED: '1',
        MPLBACKEND: 'Agg',
        ...(spec.reportTo ? { NBPROMOTE_RUNNER_TOKEN: spec.reportTo.token } : {})
      };
      const log = new LogBuffer();
      let isolation = 'limits only';
      let lastError: string | null = null;
      let current: string | null = null;
      const child = spawn(env.python, args, {
        cwd: path.join(root, 'work'),
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true // its own process group, so a kill reaches whatever it started
      });
      const killGroup = () => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      if (child.pid !== undefined) control.onSpawn(child.pid, killGroup);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
      }, spec.timeoutMs);
      let pending = '';
      const onLine = (line: string) => {
        const sandbox = /^\[sandbox\] (.+)$/.exec(line);
        if (sandbox) {
          isolation = sandbox[1] === 'unavailable' ? 'limits only' : sandbox[1];
          return;
        }
        const step = /^\[[^\]]+\] step ([a-z_][a-z0-9_]*) \.\.\.$/.exec(line);
        if (step && steps.includes(step[1])) {
          current = step[1];
          onStep({ step: step[1], index: steps.indexOf(step[1]) + 1, total: steps.length });
        }
        const error = /^error: (.+)$/.exec(line);
        if (error) lastError = error[1];
      };
      const take = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        log.append(text);
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(onLine);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        resolve => {
          child.on('error', err => {
            log.append(`\n${err.message}\n`);
            resolve({ code: -1, signal: null });
          });
          child.on('close', (code, signal) => resolve({ code, signal }));
        }
      );
      clearTimeout(timer);
      if (pending) onLine(pending);

      // Reporting runs send their record to the service, which takes it from there; run.json
      // is read only when the run has nowhere to report (the executor used on its own).
      const record = spec.reportTo ? null : readRecord(runs, manifest, spec);
      const base = {
        metrics: record?.metrics ?? {},
        steps: record?.steps ?? [],
        isolation,
        failedStep: record?.steps.find(s => s.status === 'failed')?.name ?? null
      };
      if (control.isCancelled()) return ended('cancelled', 'Cancelled.', log.text(), base);
      if (timedOut) {
        const at = current ? ` during step ${current}` : '';
        return ended(
          'timed_out',
          `Stopped after ${Math.round(spec.timeoutMs / 1000)} s${at}.`,
          log.text(),
          { ...base, failedStep: current }
        );
      }
      if (exit.code === 0) return ended('succeeded', null, log.text(), base);
      const reason =
        exit.signal !== null
          ? `The runner was killed (${exit.signal})${current ? ` during step ${current}` : ''}.`
          : (lastError ?? `The runner exited with status ${exit.code}.`);
      return ended('failed', reason, log.text(), {
        ...base,
        failedStep: base.failedStep ?? current
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter(l => l.trim() !== '');
  return (lines.pop() ?? text).trim();
}

interface RunRecord {
  metrics: Record<string, number | string>;
  steps: { name: string; status: string; startedAt?: string; endedAt?: string }[];
}

/** The runner's run.json, if it got far enough to write one. */
function readRecord(runs: string, m: Manifest, spec: LocalRunSpec): RunRecord | null {
  const file = path.join(
    runs,
    m.project,
    spec.environment,
    m.algorithm,
    m.version,
    spec.runToken,
    'run.json'
  );
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      metrics?: Record<string, number | string>;
      steps?: Record<string, { status: string; started_at?: string; ended_at?: string }>;
      order?: string[];
    };
    const steps = raw.steps ?? {};
    return {
      metrics: raw.metrics ?? {},
      // run.json keeps its keys sorted: the run's order is its own field.
      steps: (raw.order ?? Object.keys(steps))
        .filter(name => steps[name] !== undefined)
        .map(name => ({
          name,
          status: steps[name].status,
          startedAt: steps[name].started_at,
          endedAt: steps[name].ended_at
        }))
    };
  } catch {
    return null;
  }
}
