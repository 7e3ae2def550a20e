/**
 * Long-lived `nbpromote_analyze.py --serve` workers, so the service pays Python's start-up
 * once per worker instead of once per notebook. One request per worker at a time (JSON lines
 * over stdin/stdout); a worker that dies or times out is dropped and replaced on demand.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as os from 'node:os';
import { holdOpen } from '../childProcesses';
import { NbpromoteError } from '../errors';
import { CellFactsCache, composeAnswer } from './cellFactsCache';
import { findPython, HELPER, pythonUnavailable, type HelperCell } from './python';
import type { PythonFacts } from './types';

export interface PythonPoolOptions {
  /** Interpreter; default `findPython()` at each worker start. */
  python?: string;
  /** Workers at most; default the number of CPUs. */
  size?: number;
  /** Per-request limit; the worker is killed when it is exceeded. */
  timeoutMs?: number;
}

interface Job {
  cells: HelperCell[];
  resolve: (facts: PythonFacts) => void;
  reject: (error: Error) => void;
  /** A crash is retried once on a fresh worker: the old one may have died while idle. */
  retried: boolean;
}

const STDERR_TAIL = 4096;

type Outcome = { facts: PythonFacts } | { error: Error; retry: boolean };

class Worker {
  constructor(python: string, onGone: (worker: Worker) => void) {
    this.child = spawn(python, ['-I', HELPER, '--serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (b: Buffer) => this._onData(b));
    this.child.stderr.on('data', (b: Buffer) => {
      this._stderr = (this._stderr + b.toString('utf8')).slice(-STDERR_TAIL);
    });
    // A worker that dies mid-write is reported by the close handler, not by an EPIPE.
    this.child.stdin.on('error', () => undefined);
    this.child.on('error', e => {
      this.dead = true;
      this._finish({ error: pythonUnavailable(python, e), retry: false });
      onGone(this);
    });
    this.child.on('close', (code, signal) => {
      this.dead = true;
      const tail = this._stderr.trim().split('\n').slice(-1)[0] ?? '';
      const message = `The Python analysis helper failed (${signal ?? `exit ${code}`}): ${tail}`;
      this._finish({ error: new NbpromoteError('analysis_failed', message.trim()), retry: true });
      onGone(this);
    });
    holdOpen(this.child, false);
  }

  get idle(): boolean {
    return this.job === null && !this.dead;
  }

  run(job: Job, timeoutMs: number): void {
    this.job = job;
    holdOpen(this.child, true);
    this._timer = setTimeout(() => {
      this.kill();
      const message = `The Python analysis helper failed (timeout after ${timeoutMs} ms).`;
      this._finish({ error: new NbpromoteError('analysis_failed', message), retry: false });
    }, timeoutMs);
    this.child.stdin.write(JSON.stringify({ cells: job.cells }) + '\n');
  }

  kill(): void {
    this.dead = true;
    this.child.stdin.end();
    this.child.kill('SIGKILL');
  }

  /** Ends the current job (if any) and asks the pool for the next one. */
  private _finish(outcome: Outcome): void {
    const job = this.job;
    this.job = null;
    clearTimeout(this._timer);
    if (!this.dead) holdOpen(this.child, false);
    if (!job) return;
    if ('facts' in outcome) {
      job.resolve(outcome.facts);
    } else if (outcome.retry && !job.retried) {
      job.retried = true;
      this.onRetry?.(job);
      return;
    } else {
      job.reject(outcome.error);
    }
    this.onFree?.();
  }

  private _onData(chunk: Buffer): void {
    this._out.push(chunk);
    if (!chunk.includes(10)) return;
    const text = Buffer.concat(this._out).toString('utf8');
    const end = text.indexOf('\n');
    const rest = text.slice(end + 1);
    this._out = rest === '' ? [] : [Buffer.from(rest, 'utf8')];
    let answer: PythonFacts & { error?: string };
    try {
      answer = JSON.parse(text.slice(0, end)) as PythonFacts & { error?: string };
    } catch {
      this.kill(); // out of step with its requests: never reuse it
      const error = new NbpromoteError(
        'analysis_failed',
        'The Python analysis helper gave no answer.'
      );
      this._finish({ error, retry: false });
      return;
    }
    if (answer.error !== undefined) {
      // The request was bad, the worker is fine and stays.
      const message = `The Python analysis helper failed: ${answer.error}`;
      this._finish({ error: new NbpromoteError('analysis_failed', message), retry: false });
      return;
    }
    this._finish({ facts: answer });
  }

  /** Idle workers must not keep the process alive; busy ones must. */
  readonly child: ChildProcessWithoutNullStreams;
  job: Job | null = null;
  dead = false;
  onRetry?: (job: Job) => void;
  onFree?: () => void;
  private _out: Buffer[] = [];
  private _stderr = '';
  private _timer: NodeJS.Timeout | undefined;
}

export class PythonPool {
  constructor(private readonly _options: PythonPoolOptions = {}) {
    const cpus = os.availableParallelism?.() ?? os.cpus().length;
    this.size = Math.max(1, _options.size ?? cpus);
  }

  readonly size: number;

  /**
   * Analyses the cells of one notebook: cells seen before come from the cache, the others go
   * to a free worker (queued while all are busy).
   */
  async analyze(cells: HelperCell[]): Promise<PythonFacts> {
    if (this._closed) throw new NbpromoteError('analysis_failed', 'The analysis pool is closed.');
    const lookup = this._cache.lookup(cells);
    let fresh: PythonFacts | undefined;
    if (lookup.missing.length > 0 || !lookup.interpreter) {
      fresh = await new Promise<PythonFacts>((resolve, reject) => {
        this._queue.push({ cells: lookup.missing, resolve, reject, retried: false });
        this._dispatch();
      });
      this._cache.remember(lookup.missing, fresh);
    }
    return composeAnswer(cells, lookup, fresh);
  }

  /** Process ids of the live workers (tests, diagnostics). */
  get pids(): number[] {
    return this._workers.filter(w => !w.dead).map(w => w.child.pid as number);
  }

  /** Stops every worker and fails whatever is still queued. */
  async close(): Promise<void> {
    this._closed = true;
    for (const job of this._queue.splice(0)) {
      job.reject(new NbpromoteError('analysis_failed', 'The analysis pool is closed.'));
    }
    const exits = this._workers.map(
      w =>
        new Promise<void>(resolve =>
          w.child.exitCode !== null ? resolve() : w.child.once('close', () => resolve())
        )
    );
    for (const w of this._workers) w.kill();
    await Promise.all(exits);
  }

  private _dispatch(): void {
    while (this._queue.length > 0) {
      let worker = this._workers.find(w => w.idle);
      if (!worker && this._workers.length < this.size) worker = this._start();
      if (!worker) return;
      worker.run(this._queue.shift() as Job, this._options.timeoutMs ?? 120_000);
    }
  }

  private _start(): Worker {
    const worker = new Worker(this._options.python ?? findPython(), gone => {
      this._workers = this._workers.filter(w => w !== gone);
      if (!this._closed) this._dispatch();
    });
    worker.onRetry = job => {
      if (this._closed) {
        job.reject(new NbpromoteError('analysis_failed', 'The analysis pool is closed.'));
        return;
      }
      this._queue.unshift(job);
      this._dispatch();
    };
    worker.onFree = () => {
      if (!this._closed) this._dispatch();
    };
    this._workers.push(worker);
    return worker;
  }

  private _workers: Worker[] = [];
  private readonly _queue: Job[] = [];
  private readonly _cache = new CellFactsCache();
  private _closed = false;
}
