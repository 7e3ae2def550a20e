/**
 * The rules worker thread. On a notebook of megabytes, decoding outputs, secretlint's regexes
 * and the admins' patterns take tens of milliseconds; here they hold no request up. It answers
 * evaluations and secret scans; values found are masked and hashed before they leave.
 */
import { parentPort } from 'node:worker_threads';
import { lintSource } from '@secretlint/core';
import { creator } from '@secretlint/secretlint-rule-preset-recommend';
import {
  finding,
  runEvaluation,
  type EvaluationJob,
  type ScanText,
  type SecretFinding
} from '../rules';
import { RecentMap } from './recentMap';

export type WorkerAsk = { kind: 'evaluate'; job: EvaluationJob } | { kind: 'scan'; text: ScanText };
export type WorkerRequest = WorkerAsk & { id: number };

export interface WorkerReply {
  id: number;
  result?: unknown;
  error?: string;
}

const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };

async function secretlint(text: ScanText): Promise<SecretFinding[]> {
  if (text.content === '') return [];
  const r = await lintSource({
    source: { filePath: '/notebook.txt', content: text.content, ext: '.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true }
  });
  const out: SecretFinding[] = [];
  for (const m of r.messages) {
    const f = finding(text, [m.range[0], m.range[1]], m.ruleId, m.messageId);
    if (f) out.push(f);
  }
  return out;
}

// Revisions are immutable: a notebook's findings are remembered by its hash.
const scans = new RecentMap<Promise<SecretFinding[] | null>>(64);

function scanOnce(text: ScanText, sha256: string): Promise<SecretFinding[] | null> {
  let hit = scans.get(sha256);
  if (!hit) {
    hit = secretlint(text).catch(() => null);
    scans.set(sha256, hit);
    void hit.then(r => {
      if (r === null) scans.delete(sha256);
    });
  }
  return hit;
}

async function answer(request: WorkerRequest): Promise<unknown> {
  return request.kind === 'evaluate'
    ? runEvaluation(request.job, scanOnce)
    : secretlint(request.text);
}

parentPort?.on('message', (request: WorkerRequest) => {
  answer(request).then(
    result => parentPort?.postMessage({ id: request.id, result } satisfies WorkerReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: String((error as Error)?.message ?? error).slice(0, 200)
      } satisfies WorkerReply)
  );
});
