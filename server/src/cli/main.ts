import { Command, CommanderError } from 'commander';
import { registerCheck } from './check';
import { registerConvert } from './convert';
import { registerDiff } from './diff';
import { registerServe } from './serve';
import { registerUsers } from './users';

/** Build the `nbpromote` command line. Each sub-command lives in its own module. */
export function buildProgram(): Command {
  const program = new Command('nbpromote')
    .description('nbpromote: take tagged notebooks to production')
    .exitOverride()
    .showHelpAfterError();
  registerServe(program);
  registerConvert(program);
  registerCheck(program);
  registerDiff(program);
  registerUsers(program);
  return program;
}

/** Run the CLI; resolves to the process exit code. Never lets a stack trace reach the user. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`nbpromote: ${message}\n`);
    return 2;
  }
}
