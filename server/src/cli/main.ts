import { Command } from 'commander';
import { registerCheck } from './check';
import { registerConvert } from './convert';
import { registerDiff } from './diff';
import { registerServe } from './serve';
import { registerUsers } from './users';
import { runProgram } from './run';

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
export function main(argv: string[]): Promise<number> {
  return runProgram(buildProgram(), argv);
}
