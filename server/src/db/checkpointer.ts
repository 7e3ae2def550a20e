/**
 * SQLite WAL checkpoints on a worker thread with its own connection. The service's connection
 * has automatic checkpoints off, so no request's commit copies the WAL into the database file:
 * with ~1 MB notebooks that copy (and its fsync) landed on the event loop every few commits.
 * PASSIVE checkpoints never block the writer or readers.
 */
import { Worker } from 'node:worker_threads';

// Plain JavaScript, evaluated in the worker: it needs nothing but the driver, and stays the
// same whether the service runs compiled or under ts-jest.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', message => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('closed');
});
`;

export interface CheckpointerOptions {
  /** Milliseconds between checkpoints; a checkpoint with nothing new to copy costs microseconds. */
  intervalMs?: number;
  /** Called once if the worker fails; the caller turns automatic checkpoints back on. */
  onFailure: (reason: string) => void;
}

export class Checkpointer {
  constructor(file: string, options: CheckpointerOptions) {
    this._onFailure = options.onFailure;
    this._worker = new Worker(SOURCE, {
      eval: true,
      workerData: {
        file,
        driver: require.resolve('better-sqlite3'),
        intervalMs: options.intervalMs ?? 100
      }
    });
    // Never what keeps the service running.
    this._worker.unref();
    this._worker.on('message', (message: unknown) => {
      if (message === 'closed') this._closed?.();
      else this._fail((message as { error: string }).error);
    });
    this._worker.on('error', (error: unknown) =>
      this._fail(error instanceof Error ? error.message : String(error))
    );
    this._worker.on('exit', () => {
      this._exited = true;
      if (!this._closing) this._fail('the checkpoint worker exited');
      this._closed?.();
    });
  }

  /** Closes the worker's connection and ends the worker. */
  async close(): Promise<void> {
    if (this._closing) return;
    this._closing = true;
    if (this._exited) return;
    const closed = new Promise<void>(resolve => (this._closed = resolve));
    this._worker.postMessage('close');
    await Promise.race([closed, new Promise(resolve => setTimeout(resolve, 2000).unref())]);
    await this._worker.terminate();
  }

  private _fail(reason: string): void {
    if (this._failed || this._closing) return;
    this._failed = true;
    this._onFailure(reason);
    void this._worker.terminate();
  }

  private readonly _worker: Worker;
  private readonly _onFailure: (reason: string) => void;
  private _closing = false;
  private _failed = false;
  private _exited = false;
  private _closed?: () => void;
}
