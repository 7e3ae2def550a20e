/**
 * A long-lived git process answering requests over stdin/stdout (`cat-file --batch`,
 * `update-ref --stdin`), so the hot paths pay git's start-up once instead of per call: under
 * load, forking the service costs more than the work git then does. Answers come in request
 * order. A process that dies fails the requests it had (with git's own words) and the next
 * request starts a new one. An idle process does not keep the service alive.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as path from 'path';
import { holdOpen } from '../childProcesses';

export interface BatchProcessOptions {
  cwd: string;
  env: Record<string, string>;
  /** A request unanswered for this long kills the process. */
  timeoutMs: number;
}

/** Reads one answer from the front of `out`: its value and bytes used, or null if partial. */
export type AnswerParser<T> = (out: Buffer) => { value: T; used: number } | null;

interface Pending {
  parse: AnswerParser<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const STDERR_TAIL = 4096;

export class BatchProcess {
  constructor(
    private readonly _argv: readonly string[],
    private readonly _options: BatchProcessOptions
  ) {}

  /** Writes `input` and resolves with the answer `parse` reads. */
  request<T>(input: string, parse: AnswerParser<T>): Promise<T> {
    const child = this._start();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this._fail(child, new Error('block timeout: git was killed'));
        child.kill('SIGKILL');
      }, this._options.timeoutMs);
      this._pending.push({
        parse: parse as AnswerParser<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer
      });
      holdOpen(child, true);
      child.stdin.write(input);
    });
  }

  /** The running process's id, if one runs. */
  get pid(): number | undefined {
    return this._child?.pid;
  }

  /** Ends the process (pending requests fail) and waits for it to exit. */
  async close(): Promise<void> {
    const child = this._child;
    if (!child) return;
    const exited = new Promise<void>(resolve =>
      child.exitCode !== null || child.signalCode !== null
        ? resolve()
        : child.once('close', () => resolve())
    );
    this._fail(child, new Error('git was stopped'));
    child.stdin.end();
    child.kill('SIGTERM');
    await exited;
  }

  private _start(): ChildProcessWithoutNullStreams {
    if (this._child) return this._child;
    // Never let git fall back to discovering whatever repository the service runs in.
    if (!path.isAbsolute(this._options.cwd ?? '')) {
      throw new Error('A long-lived git process needs an absolute repository path.');
    }
    const child = spawn('git', this._argv, {
      cwd: this._options.cwd,
      env: this._options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true
    });
    this._child = child;
    this._out = Buffer.alloc(0);
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => this._onData(child, chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    // A git that dies mid-write is reported by the close handler, not by an EPIPE.
    child.stdin.on('error', () => undefined);
    child.on('error', error => this._fail(child, error));
    child.on('close', code => {
      const said = stderr.trim();
      this._fail(child, new Error(said || `git exited with ${code}`));
    });
    return child;
  }

  private _onData(child: ChildProcessWithoutNullStreams, chunk: Buffer): void {
    if (this._child !== child) return; // a replaced process's last words answer nobody
    this._out = this._out.length === 0 ? chunk : Buffer.concat([this._out, chunk]);
    while (this._pending.length > 0) {
      const answer = this._pending[0].parse(this._out);
      if (!answer) return;
      const done = this._pending.shift()!;
      clearTimeout(done.timer);
      this._out = this._out.subarray(answer.used);
      done.resolve(answer.value);
    }
    if (this._pending.length === 0) holdOpen(child, false);
  }

  /** Fails every request `child` had; the next request starts a new process. */
  private _fail(child: ChildProcessWithoutNullStreams, error: Error): void {
    if (this._child !== child) return;
    this._child = undefined;
    for (const p of this._pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    holdOpen(child, false);
    if (child.exitCode === null && child.signalCode === null) child.stdin.end();
  }

  private _child: ChildProcessWithoutNullStreams | undefined;
  private _pending: Pending[] = [];
  private _out: Buffer = Buffer.alloc(0);
}
