import { type Command, CommanderError } from 'commander';

/** Parse and run a program; resolves to the exit code. Never lets a stack trace reach the user. */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
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
