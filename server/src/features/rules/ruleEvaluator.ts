/**
 * Evaluates rules on a worker thread (`rulesWorker`), so a big notebook's secret scan and
 * patterns never hold the event loop. Compiled, the worker is `rulesWorker.js`; under the
 * TypeScript test runner it is the `.ts` file, transpiled as it loads. If the worker cannot
 * answer, the same evaluation runs in process without a secret scan (the secrets rule then
 * fails closed: "the scan failed").
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  runEvaluation,
  type Evaluation,
  type EvaluationJob,
  type NotebookInput,
  type ScanText,
  type SecretFinding
} from '../../rules';
import type { WorkerAsk, WorkerReply, WorkerRequest } from './rulesWorker';

export interface RuleEvaluator {
  evaluate(job: EvaluationJob): Promise<Evaluation>;
  /** secretlint's findings in a decoded text, located and masked. */
  scan(text: ScanText): Promise<SecretFinding[]>;
  /** The same scan over a whole notebook (sources, outputs, metadata); null when it failed. */
  scanNotebook(notebook: NotebookInput): Promise<SecretFinding[] | null>;
  close(): Promise<void>;
}

// Loads the worker's TypeScript source when this file runs untranspiled by tsc (tests).
const TYPESCRIPT_WORKER = `
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const ts = require(workerData.typescript);
require.extensions['.ts'] = (module, file) => {
  const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      resolveJsonModule: true
    }
  });
  module._compile(out.outputText, file);
};
require(workerData.entry);
`;

/** One warm worker; requests queue on it in order. */
export class WorkerRuleEvaluator implements RuleEvaluator {
  async evaluate(job: EvaluationJob): Promise<Evaluation> {
    try {
      return (await this._ask({ kind: 'evaluate', job })) as Evaluation;
    } catch {
      return runEvaluation(job, () => Promise.resolve(null));
    }
  }

  async scan(text: ScanText): Promise<SecretFinding[]> {
    if (text.content === '') return [];
    return (await this._ask({ kind: 'scan', text })) as SecretFinding[];
  }

  async scanNotebook(notebook: NotebookInput): Promise<SecretFinding[] | null> {
    try {
      return (await this._ask({ kind: 'scanNotebook', notebook })) as SecretFinding[] | null;
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    const w = this._worker;
    this._worker = undefined;
    if (w) await w.terminate();
  }

  private _ask(message: WorkerAsk): Promise<unknown> {
    const worker = this._start();
    const id = ++this._next;
    return new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject });
      const request: WorkerRequest = { id, ...message };
      worker.postMessage(request);
    });
  }

  private _start(): Worker {
    if (this._worker) return this._worker;
    const worker = __filename.endsWith('.ts')
      ? new Worker(TYPESCRIPT_WORKER, {
          eval: true,
          workerData: {
            entry: path.join(__dirname, 'rulesWorker.ts'),
            typescript: require.resolve('typescript')
          }
        })
      : new Worker(path.join(__dirname, 'rulesWorker.js'));
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const p = this._pending.get(reply.id);
      this._pending.delete(reply.id);
      if (!p) return;
      if (reply.error !== undefined) p.reject(new Error(`rules worker: ${reply.error}`));
      else p.resolve(reply.result);
    });
    const fail = (error: Error) => {
      if (this._worker === worker) this._worker = undefined;
      for (const p of this._pending.values()) p.reject(error);
      this._pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', code => fail(new Error(`rules worker stopped (exit ${code})`)));
    this._worker = worker;
    return worker;
  }

  private _worker: Worker | undefined;
  private _next = 0;
  private readonly _pending = new Map<
    number,
    { resolve: (r: unknown) => void; reject: (e: Error) => void }
  >();
}
