/** Reading CLI input files and reporting unreadable input, shared by the sub-commands. */
import * as fs from 'node:fs';
import { NbpromoteError } from '../errors';

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
