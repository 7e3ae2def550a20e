/**
 * The rules worker thread. On a notebook of megabytes, decoding outputs, secretlint's regexes
 * and the admins' patterns take tens of milliseconds; here they hold no request up. It answers
 * evaluations and secret scans; values found are masked and hashed before they leave.
 */
import { parentPort } from 'node:worker_threads';
import {
  runEvaluation,
  scanNotebook,
  type EvaluationJob,
  type NotebookInput,
  type ScanText,
  type SecretFinding
} from '../../rules';
import { scanSecrets } from '../../rules/secretScan';
import { RecentMap } from '../../runtime/recentMap';

export type WorkerAsk =
  | { kind: 'evaluate'; job: EvaluationJob }
  | { kind: 'scan'; text: ScanText }
  | { kind: 'scanNotebook'; notebook: NotebookInput };
export type WorkerRequest = WorkerAsk & { id: number };

export interface WorkerReply {
  id: number;
  result?: unknown;
  error?: string;
}

// Revisions are immutable: a notebook's findings are remembered by its hash.
const scans = new RecentMap<Promise<SecretFinding[] | null>>(64);

function scanOnce(text: ScanText, sha256: string): Promise<SecretFinding[] | null> {
  let hit = scans.get(sha256);
  if (!hit) {
    hit = scanSecrets(text).catch(() => null);
    scans.set(sha256, hit);
    void hit.then(r => {
      if (r === null) scans.delete(sha256);
    });
  }
  return hit;
}

async function answer(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'evaluate':
      return runEvaluation(request.job, scanOnce);
    case 'scanNotebook':
      return scanNotebook(request.notebook, scanOnce);
    default:
      return scanSecrets(request.text);
  }
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
