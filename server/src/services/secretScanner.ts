/**
 * Runs secretlint's recommended preset, and the admins' RE2 patterns, (pinned to 12.0.0, the last release for Node 20) on a
 * worker thread: its regexes run synchronously and would hold the event loop for tens of ms on
 * a large notebook. The worker gets the decoded notebook text and answers only rule ids and
 * ranges; the values are sliced, masked and hashed here, never logged.
 */
import { Worker } from 'node:worker_threads';
import { finding, type ScanText, type SecretFinding } from '../rules';

export interface SecretScanner {
  scan(text: ScanText): Promise<SecretFinding[]>;
  /** Matches of RE2 patterns in `content` ([start, end) offsets), at most `limit` each. */
  match(
    content: string,
    patterns: { source: string; ignoreCase: boolean; limit: number }[]
  ): Promise<[number, number][][]>;
  close(): Promise<void>;
}

// Plain JavaScript run with `eval`, so the same code works compiled and under ts-jest; the
// packages are resolved here and passed by path. secretlint is ESM; Node 20.19+ requires it.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { lintSource } = require(workerData.core);
const { creator } = require(workerData.preset);
const { RE2JS } = require(workerData.re2);
const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
function match(content, patterns) {
  return patterns.map(p => {
    const flags = RE2JS.MULTILINE | (p.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
    const m = RE2JS.compile(p.source, flags).matcher(content);
    const out = [];
    while (out.length < p.limit && m.find()) out.push([m.start(), m.end()]);
    return out;
  });
}
parentPort.on('message', async ({ id, kind, content, patterns }) => {
  if (kind === 'match') {
    try {
      parentPort.postMessage({ id, matches: match(content, patterns) });
    } catch (e) {
      parentPort.postMessage({ id, error: String((e && e.message) || e).slice(0, 200) });
    }
    return;
  }
  try {
    const r = await lintSource({
      source: { filePath: '/notebook.txt', content, ext: '.txt', contentType: 'text' },
      options: { config, noPhysicFilePath: true }
    });
    parentPort.postMessage({
      id,
      messages: r.messages.map(m => ({ ruleId: m.ruleId, messageId: m.messageId, range: m.range }))
    });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e).slice(0, 200) });
  }
});
`;

interface Reply {
  id: number;
  matches?: [number, number][][];
  messages?: { ruleId: string; messageId: string; range: [number, number] }[];
  error?: string;
}

/** One warm worker; scans queue on it in order. */
export class WorkerSecretScanner implements SecretScanner {
  scan(text: ScanText): Promise<SecretFinding[]> {
    if (text.content === '') return Promise.resolve([]);
    return this._ask({ kind: 'scan', content: text.content }).then(reply => {
      if (reply.error !== undefined) throw new Error(`secret scan failed: ${reply.error}`);
      const out: SecretFinding[] = [];
      for (const m of reply.messages ?? []) {
        const f = finding(text, m.range, m.ruleId, m.messageId);
        if (f) out.push(f);
      }
      return out;
    });
  }

  async match(
    content: string,
    patterns: { source: string; ignoreCase: boolean; limit: number }[]
  ): Promise<[number, number][][]> {
    if (patterns.length === 0) return [];
    const reply = await this._ask({ kind: 'match', content, patterns });
    if (reply.error !== undefined || !reply.matches) {
      throw new Error(`pattern matching failed: ${reply.error ?? 'no answer'}`);
    }
    return reply.matches;
  }

  private _ask(message: Record<string, unknown>): Promise<Reply> {
    const worker = this._start();
    const id = ++this._next;
    return new Promise<Reply>((resolve, reject) => {
      this._pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  async close(): Promise<void> {
    const w = this._worker;
    this._worker = undefined;
    if (w) await w.terminate();
  }

  private _start(): Worker {
    if (this._worker) return this._worker;
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        core: require.resolve('@secretlint/core'),
        preset: require.resolve('@secretlint/secretlint-rule-preset-recommend'),
        re2: require.resolve('re2js')
      }
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const p = this._pending.get(reply.id);
      this._pending.delete(reply.id);
      p?.resolve(reply);
    });
    const fail = (error: Error) => {
      this._worker = undefined;
      for (const p of this._pending.values()) p.reject(error);
      this._pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', code => {
      if (this._worker === worker) fail(new Error(`secret scanner stopped (exit ${code})`));
    });
    this._worker = worker;
    return worker;
  }

  private _worker: Worker | undefined;
  private _next = 0;
  private readonly _pending = new Map<
    number,
    { resolve: (r: Reply) => void; reject: (e: Error) => void }
  >();
}
