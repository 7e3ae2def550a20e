import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { findPython } from '../../src/engine';

/** The shared corpus of real notebooks sits beside the repository. */
export const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');
export const FIXTURES = path.resolve(__dirname, '../fixtures');
export const PYTHON = findPython();

export function corpus(rel: string): string {
  const file = path.join(CORPUS, rel);
  if (!fs.existsSync(file)) {
    throw new Error(
      `Test corpus file missing: ${file}. The engine tests read real notebooks from ` +
        '../shared/corpus relative to the repository root.'
    );
  }
  return file;
}

export function tmpDir(prefix = 'nbpromote-engine-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real CLI entry point in-process with stdout/stderr captured. */
export async function cli(...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    const code = await main(['node', 'nbpromote', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** No JavaScript or Python stack trace reached the user. */
export function expectNoStackTrace(r: CliResult): void {
  const all = r.stdout + r.stderr;
  expect(all).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(all).not.toMatch(/Traceback \(most recent call last\)/);
}

export function python(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(PYTHON, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A minimal nbformat 4.5 notebook from code cells given as [tags, source]. */
export function notebook(
  cells: [string[], string][],
  metadata: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' }, ...metadata },
    cells: cells.map(([tags, source], i) => ({
      id: `c${i + 1}`,
      cell_type: 'code',
      execution_count: null,
      metadata: tags.length ? { tags } : {},
      outputs: [],
      source
    }))
  };
}

export function writeNotebook(dir: string, name: string, nb: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof nb === 'string' ? nb : JSON.stringify(nb, null, 1));
  return file;
}
