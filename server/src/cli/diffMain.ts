import { Command } from 'commander';
import { registerDiff } from './diff';
import { runProgram } from './run';

/**
 * `nbpromote diff` alone: the entry point loads only the diff engine, so a diff (or git
 * calling it as a diff driver for every notebook) does not pay for the service's modules.
 */
export function main(argv: string[]): Promise<number> {
  const program = new Command('nbpromote').exitOverride().showHelpAfterError();
  registerDiff(program);
  return runProgram(program, argv);
}
