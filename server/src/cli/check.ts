import type { Command } from 'commander';
import { analyzeNotebook, hasErrors, sortProblems, type Analysis } from '../engine';
import { analysisJson, describeAnalysis, describeProblems } from '../engine/report';
import { sha256Hex } from '../domain';
import { secretProblems, structureOf } from '../rules';
import { WorkerRuleEvaluator } from '../features/rules/ruleEvaluator';
import { maxBytes, readInput, reportFailure } from './input';

export { maxBytes, readInput, reportFailure };

export interface CheckOptions {
  json?: boolean;
  maxSize?: string;
}

/** `nbpromote check <notebook>`: 0 clean, 1 problems (errors), 2 unreadable. */
export async function runCheck(file: string, opts: CheckOptions): Promise<number> {
  try {
    const analysis = await analyzeNotebook(readInput(file), {
      path: file,
      maxBytes: maxBytes(opts.maxSize)
    });
    analysis.problems = sortProblems([...analysis.problems, ...(await secretsOf(analysis))]);
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

/** The secret scan the service's check and the promotion rules run, on the same worker. */
async function secretsOf(analysis: Analysis) {
  const text = JSON.stringify(analysis.notebook.json);
  const scanner = new WorkerRuleEvaluator();
  try {
    return secretProblems(
      await scanner.scanNotebook({
        text,
        sha256: sha256Hex(text),
        structure: structureOf(analysis)
      })
    );
  } finally {
    await scanner.close();
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
