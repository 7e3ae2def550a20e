import * as crypto from 'node:crypto';
import type { Command } from 'commander';
// The engine's modules one by one, not its index: nbdime's format and the pipeline diff are
// loaded only by the diffs that use them, so a plain diff starts without them.
import type { DiffOptions, PipelineDiff, ReviewDiff } from '../diff/types';
import { diffNotebooks } from '../diff/notebook';
import { emptyNotebook, parseNotebook, type Side } from '../diff/input';
import { NbpromoteError } from '../errors';
import { maxBytes, readInput, reportFailure } from './input';
import { paint, renderDiff } from './diffText';

export interface DiffCliOptions {
  json?: boolean;
  format?: string;
  color?: boolean;
  exitCode?: boolean;
  pipeline?: boolean;
  ignoreOutputs?: boolean;
  ignoreExecutionCounts?: boolean;
  ignoreMetadata?: boolean;
  ignoreIds?: boolean;
  ignoreWhitespace?: boolean;
  maxSize?: string;
}

const CLI_TIME_MS = 10_000;
const NULL_FILE = /^(\/dev\/null|nul)$/i;
const PIPELINE_TAG = /^(step|block|prev):|^(pipeline-parameters|pipeline-metrics)$/;

interface Loaded {
  file: string;
  notebook: Record<string, unknown>;
  sha256: string | null;
}

function load(file: string, side: Side, limit: number | undefined): Loaded {
  if (NULL_FILE.test(file)) {
    return { file, notebook: emptyNotebook(), sha256: null };
  }
  const bytes = readInput(file);
  return {
    file,
    notebook: parseNotebook(bytes, side, limit),
    sha256: crypto.createHash('sha256').update(bytes).digest('hex')
  };
}

/** A notebook with pipeline tags is a pipeline: analyse it for the pipeline summary. */
function isPipeline(nb: Record<string, unknown>): boolean {
  const cells = (nb.cells ?? []) as { metadata?: { tags?: unknown } }[];
  return cells.some(
    c =>
      Array.isArray(c.metadata?.tags) &&
      c.metadata.tags.some(t => typeof t === 'string' && PIPELINE_TAG.test(t.trim()))
  );
}

async function pipelineOf(
  a: Loaded,
  b: Loaded,
  notebook: ReviewDiff['notebook']
): Promise<{ pipeline: PipelineDiff; note?: string }> {
  const empty: PipelineDiff = {
    identical: true,
    steps: [],
    edges: { added: [], removed: [] },
    parameters: [],
    environmentParameters: [],
    metrics: { added: [], removed: [] },
    requirements: [],
    settings: [],
    files: [],
    outputsOnly: false
  };
  if (!isPipeline(a.notebook) && !isPipeline(b.notebook)) {
    return { pipeline: empty, note: 'no pipeline tags on either side' };
  }
  // The engine (and its Python analysis) loads only for pipeline notebooks: plain diffs
  // start fast.
  const { buildBundle } = await import('../engine');
  const build = async (l: Loaded) =>
    l.sha256 === null ? null : buildBundle(l.notebook, { path: l.file });
  const [ba, bb] = await Promise.all([build(a), build(b)]);
  if (!bb || !bb.ok || !bb.manifest || (ba && (!ba.ok || !ba.manifest))) {
    const failed = !bb || !bb.ok ? 'head' : 'base';
    return {
      pipeline: empty,
      note: `the ${failed} notebook does not build (run nbpromote check on it); pipeline not compared`
    };
  }
  const { diffPipelines } = await import('../diff/pipeline');
  const side = (x: typeof bb, l: Loaded) => ({
    manifest: x.manifest!,
    files: x.files,
    notebook: l.notebook
  });
  return {
    pipeline: diffPipelines(ba ? side(ba, a) : null, side(bb, b), notebook)
  };
}

/** Git runs a diff driver with: path old-file old-hex old-mode new-file new-hex new-mode. */
export function driverFiles(args: string[]): [string, string] {
  if (args.length === 2) {
    return [args[0], args[1]];
  }
  if (args.length === 7) {
    return [args[1], args[4]];
  }
  throw new NbpromoteError(
    'invalid_arguments',
    `diff takes BASE and HEAD notebooks (or the 7 arguments git passes a diff driver), got ${args.length}.`
  );
}

/** `nbpromote diff BASE HEAD`: 0 same (or always without --exit-code), 1 differ, 2 unreadable. */
export async function runDiff(args: string[], opts: DiffCliOptions): Promise<number> {
  try {
    const [fa, fb] = driverFiles(args);
    const limit = maxBytes(opts.maxSize);
    const a = load(fa, 'base', limit);
    const b = load(fb, 'head', limit);
    const options: DiffOptions = {
      ignoreOutputs: opts.ignoreOutputs ?? false,
      ignoreExecutionCounts: opts.ignoreExecutionCounts ?? false,
      ignoreMetadata: opts.ignoreMetadata ?? false,
      ignoreIds: opts.ignoreIds ?? false,
      ignoreWhitespace: opts.ignoreWhitespace ?? false
    };
    const format = opts.format ?? (opts.json ? 'json' : 'text');
    if (!['text', 'json', 'nbdime'].includes(format)) {
      throw new NbpromoteError(
        'invalid_option',
        `--format expects text, json or nbdime, got "${format}".`
      );
    }
    if (format === 'nbdime') {
      const { toNbdimeDiff } = await import('../diff/nbdime');
      const entries = toNbdimeDiff(a.notebook, b.notebook, options);
      process.stdout.write(`${JSON.stringify(entries, null, 1)}\n`);
      return opts.exitCode && entries.length > 0 ? 1 : 0;
    }
    // Someone is waiting for this one answer: a longer budget than the service's.
    const notebook = diffNotebooks(a.notebook, b.notebook, options, { timeMs: CLI_TIME_MS });
    const { pipeline, note } =
      opts.pipeline === false
        ? { pipeline: undefined, note: 'not compared (--no-pipeline)' }
        : await pipelineOf(a, b, notebook);
    const review: ReviewDiff = {
      base: { label: fa, notebookSha256: a.sha256 },
      head: { label: fb, notebookSha256: b.sha256 ?? '' },
      pipeline: pipeline ?? (await pipelineOf(a, a, notebook)).pipeline,
      notebook
    };
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify(review, null, 2)}\n`);
    } else {
      const color = opts.color !== false && process.stdout.isTTY === true && !process.env.NO_COLOR;
      process.stdout.write(renderDiff(review, paint(color), note));
    }
    const differ = !notebook.identical || (pipeline !== undefined && !pipeline.identical);
    return opts.exitCode && differ ? 1 : 0;
  } catch (err) {
    return reportFailure(err, opts.json);
  }
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('compare two notebooks: what changed in the pipeline, then cell by cell')
    .argument('<files...>', 'BASE.ipynb HEAD.ipynb (or the arguments git passes a diff driver)')
    .option('--json', 'the whole diff as JSON (same as --format json)')
    .option('--format <format>', "text (default), json, or nbdime (nbdime's diff format)")
    .option('--no-color', 'no colours (also off when not writing to a terminal)')
    .option('--exit-code', 'exit 1 when the notebooks differ')
    .option('--no-pipeline', 'skip the pipeline comparison (no analysis of the code)')
    .option('--ignore-outputs', 'ignore outputs')
    .option('--ignore-execution-counts', 'ignore execution counts')
    .option('--ignore-metadata', 'ignore cell and notebook metadata (tags are still compared)')
    .option('--ignore-ids', 'ignore cell ids: match cells by content')
    .option('--ignore-whitespace', 'ignore whitespace-only changes')
    .option('--max-size <mb>', 'refuse notebooks larger than this many megabytes (default 64)')
    .action(async (files: string[], opts: DiffCliOptions) => {
      process.exitCode = await runDiff(files, opts);
    });
}
