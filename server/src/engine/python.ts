import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NbpromoteError } from '../errors';
import type { PythonFacts } from './types';

/** The helper ships beside the compiled code: server/python/. */
export const HELPER = path.resolve(__dirname, '..', '..', 'python', 'nbpromote_analyze.py');

/** NBPROMOTE_PYTHON, else the repository's .venv, else python3 on PATH. */
export function findPython(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NBPROMOTE_PYTHON) return env.NBPROMOTE_PYTHON;
  const venv = path.resolve(__dirname, '..', '..', '..', '.venv', 'bin', 'python');
  return fs.existsSync(venv) ? venv : 'python3';
}

export interface HelperCell {
  key: string;
  source: string;
  params?: boolean;
}

/** The error for an interpreter that cannot be started (one-shot and pooled alike). */
export function pythonUnavailable(python: string, cause: Error): NbpromoteError {
  return new NbpromoteError(
    'python_unavailable',
    `Cannot start Python (${python}): ${cause.message}. Set NBPROMOTE_PYTHON to a Python 3.9+ interpreter.`
  );
}

/** Analyse all cells in one fresh Python process (JSON over stdin/stdout). */
export function runHelper(
  cells: HelperCell[],
  options: { python?: string; timeoutMs?: number } = {}
): Promise<PythonFacts> {
  const python = options.python ?? findPython();
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-I', HELPER], {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120000
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', e => reject(pythonUnavailable(python, e)));
    child.on('close', (code, signal) => {
      if (code !== 0) {
        const tail = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-1)[0] ?? '';
        reject(
          new NbpromoteError(
            'analysis_failed',
            `The Python analysis helper failed (${signal ?? `exit ${code}`}): ${tail}`
          )
        );
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as PythonFacts);
      } catch {
        reject(new NbpromoteError('analysis_failed', 'The Python analysis helper gave no answer.'));
      }
    });
    // The helper may exit before reading everything (crash); the close handler reports it.
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify({ cells }));
  });
}
