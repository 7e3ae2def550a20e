import * as path from 'node:path';
import type { Command } from 'commander';
import { buildBundle, writeBundle } from '../engine';
import { analysisJson, describeAnalysis, describeProblems } from '../engine/report';
import { maxBytes, readInput, reportFailure } from './check';

interface ConvertOptions {
  out: string;
  json?: boolean;
  maxSize?: string;
  sourcePath?: string;
}

/**
 * `nbpromote convert <notebook> --out <dir>`: build the artifact bundle. Refuses (exit 1)
 * when the notebook has errors; the output folder appears complete or not at all.
 */
export async function runConvert(file: string, opts: ConvertOptions): Promise<number> {
  try {
    const bundle = await buildBundle(readInput(file), {
      path: opts.sourcePath ?? path.basename(file),
      maxBytes: maxBytes(opts.maxSize)
    });
    if (bundle.ok) writeBundle(bundle.files, opts.out);
    if (opts.json) {
      const summary = {
        ok: bundle.ok,
        out: bundle.ok ? opts.out : null,
        files: [...bundle.files.keys()],
        manifest: bundle.manifest ?? null,
        ...analysisJson(bundle.analysis)
      };
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    } else {
      process.stdout.write(describeAnalysis(bundle.analysis));
      (bundle.ok ? process.stdout : process.stderr).write(describeProblems(bundle.problems));
      if (bundle.ok) {
        process.stdout.write(`wrote ${bundle.files.size} files to ${opts.out}\n`);
      } else {
        process.stderr.write(`nothing written: fix the errors above and convert again\n`);
      }
    }
    return bundle.ok ? 0 : 1;
  } catch (err) {
    return reportFailure(err, opts.json);
  }
}

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert a tagged notebook into a runnable artifact bundle')
    .argument('<notebook>', 'notebook file (.ipynb)')
    .requiredOption('-o, --out <dir>', 'output folder (replaced atomically)')
    .option('--json', 'machine-readable output')
    .option('--max-size <mb>', 'refuse notebooks larger than this many megabytes (default 100)')
    .option('--source-path <path>', 'notebook path recorded as lineage (default: its file name)')
    .action(async (file: string, opts: ConvertOptions) => {
      process.exitCode = await runConvert(file, opts);
    });
}
