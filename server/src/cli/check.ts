import * as fs from 'node:fs';
import type { Command } from 'commander';
import { NbpromoteError } from '../errors';
import { analyzeNotebook, hasErrors } from '../engine';
import { analysisJson, describeAnalysis, describeProblems } from '../engine/report';

export interface CheckOptions {
  json?: boolean;
  maxSize?: string;
}

/** Read a notebook file; unreadable files become InputError-like failures (exit 2). */
export function readInput(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : String(code ?? err);
    throw new NbpromoteError('unreadable_input', `Cannot read ${file}: ${why}.`, { path: file });
  }
}

export function maxBytes(opt: string | undefined): number | undefined {
  if (opt === undefined) return undefined;
  const mb = Number(opt);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new NbpromoteError(
      'invalid_option',
      `--max-size expects a number of megabytes, got "${opt}".`
    );
  }
  return Math.round(mb * 1048576);
}

/** Print a failure to read the input: JSON for machines, one line for humans. Exit 2. */
export function reportFailure(err: unknown, json: boolean | undefined): number {
  if (!(err instanceof NbpromoteError)) throw err;
  if (json) {
    process.stdout.write(
      JSON.stringify(
        { ok: false, error: { code: err.code, message: err.message, details: err.details ?? {} } },
        null,
        2
      ) + '\n'
    );
  } else {
    process.stderr.write(`nbpromote: ${err.message}\n`);
  }
  return 2;
}

/** `nbpromote check <notebook>`: 0 clean, 1 problems (errors), 2 unreadable. */
export async function runCheck(file: string, opts: CheckOptions): Promise<number> {
  try {
    const analysis = await analyzeNotebook(readInput(file), {
      path: file,
      maxBytes: maxBytes(opts.maxSize)
    });
    const failed = hasErrors(analysis.problems);
    if (opts.json) {
      process.stdout.write(
        JSON.stringify({ ok: !failed, ...analysisJson(analysis) }, null, 2) + '\n'
      );
    } else {
      process.stdout.write(describeAnalysis(analysis));
      (failed ? process.stderr : process.stdout).write(describeProblems(analysis.problems));
    }
    return failed ? 1 : 0;
  } catch (err) {
    return reportFailure(err, opts.json);
  }
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('validate a tagged notebook: steps, data flow and problems, nothing written')
    .argument('<notebook>', 'notebook file (.ipynb)')
    .option('--json', 'machine-readable output')
    .option('--max-size <mb>', 'refuse notebooks larger than this many megabytes (default 100)')
    .action(async (file: string, opts: CheckOptions) => {
      process.exitCode = await runCheck(file, opts);
    });
}
