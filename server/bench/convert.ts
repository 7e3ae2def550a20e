/**
 * Conversion benchmark (not a test): builds a large real notebook from the corpus, times our
 * full conversion against `jupyter nbconvert --to script` on the same file, prints the ratio.
 *
 *   server/bench/convert.sh [copies]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as Engine from '../src/engine';

const SERVER = process.env.NBPROMOTE_SERVER_DIR ?? path.resolve(__dirname, '..');
const REPO = path.resolve(SERVER, '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const engine = require(path.join(SERVER, 'lib', 'engine')) as typeof Engine;

type Cell = Record<string, unknown> & { metadata?: { tags?: string[] } };

function load(rel: string): { cells: Cell[] } {
  const file = path.join(CORPUS, rel);
  if (!fs.existsSync(file)) throw new Error(`corpus file missing: ${file}`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: Cell[] };
}

/** Kale's titanic pipeline, copied with renamed steps, plus the ML notebooks as skip cells. */
function bigNotebook(copies: number): Record<string, unknown> {
  const pipeline = load('kale/titanic_dataset_ml.ipynb');
  const extra = [
    'ml/dsin_titanic.ipynb',
    'ml/sklv_09_classification_metrics.ipynb',
    'ml/sklv_10_categorical_features.ipynb'
  ].map(load);
  const cells: Cell[] = [];
  for (let k = 0; k < copies; k++) {
    for (const c of pipeline.cells) {
      const tags = (c.metadata?.tags ?? [])
        .map(t => (/^(block|prev):/.test(t) ? `${t}_${k}` : t))
        .filter(t => k === 0 || t !== 'imports');
      cells.push({ ...c, metadata: { ...c.metadata, tags } });
    }
    for (const nb of extra) {
      for (const c of nb.cells) cells.push({ ...c, metadata: { ...c.metadata, tags: ['skip'] } });
    }
  }
  const ided = cells.map((c, i) => {
    const out: Cell = { ...c, id: `cell-${i}` };
    if (out.cell_type === 'code')
      out.outputs = ((c.outputs as Record<string, unknown>[]) ?? []).map(o => {
        const copy = { ...o };
        if (copy.output_type === 'pyout') copy.output_type = 'execute_result';
        return copy;
      });
    delete out.prompt_number;
    return out;
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: 'python' } },
    cells: ided
  };
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

async function main(): Promise<void> {
  const copies = Number(process.argv[2] ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-bench-'));
  const file = path.join(dir, 'big.ipynb');
  const nb = bigNotebook(copies);
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  const size = fs.statSync(file).size;
  const cells = (nb.cells as Cell[]).length;
  console.log(`notebook: ${cells} cells, ${(size / 1048576).toFixed(1)} MB (${file})`);

  // Warm-up once (module loading, schema compilation), then best of 3 for each side.
  await engine.buildBundle(fs.readFileSync(file), { path: 'big.ipynb' });
  let ours = Infinity;
  let bundle: Engine.Bundle | undefined;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    bundle = await engine.buildBundle(fs.readFileSync(file), { path: 'big.ipynb' });
    if (bundle.ok) engine.writeBundle(bundle.files, path.join(dir, 'bundle'));
    ours = Math.min(ours, seconds(t0));
  }
  if (!bundle?.ok) {
    console.log(bundle?.problems.filter(p => p.severity === 'error').slice(0, 5));
    throw new Error('the benchmark notebook did not convert cleanly');
  }
  let cliTime = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      [
        path.join(SERVER, 'bin', 'nbpromote.js'),
        'convert',
        file,
        '--out',
        path.join(dir, 'cli-bundle')
      ],
      { encoding: 'utf8' }
    );
    if (r.status !== 0) throw new Error(r.stderr);
    cliTime = Math.min(cliTime, seconds(t0));
  }
  const jupyter = path.join(REPO, '.venv', 'bin', 'jupyter');
  let theirs = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(
      jupyter,
      ['nbconvert', '--to', 'script', file, '--output-dir', path.join(dir, 'nbconvert')],
      { encoding: 'utf8' }
    );
    if (r.status !== 0) throw new Error(r.stderr);
    theirs = Math.min(theirs, seconds(t0));
  }
  console.log(`steps: ${bundle.manifest!.order.length}, bundle files: ${bundle.files.size}`);
  console.log(`nbpromote convert (in process, analysis + bundle + write): ${ours.toFixed(3)} s`);
  console.log(`nbpromote convert (CLI, including node start-up):        ${cliTime.toFixed(3)} s`);
  console.log(`jupyter nbconvert --to script:                            ${theirs.toFixed(3)} s`);
  console.log(`ratio in process: ${(ours / theirs).toFixed(3)} (target <= 0.25)`);
  console.log(`ratio CLI:        ${(cliTime / theirs).toFixed(3)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(err => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
