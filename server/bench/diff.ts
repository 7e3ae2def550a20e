/**
 * Diff benchmark: nbdime and nbpromote on the same pairs in the same run, CLI to CLI and in
 * process, wall time and peak memory (max RSS) of each, and the ratios.
 *   server/bench/diff.sh [--timeout SECONDS] [--only NAME]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildPairs, type Pair } from './diffPairs';

const SERVER = process.env.NBPROMOTE_SERVER_DIR ?? path.resolve(__dirname, '../..');
const ROOT = path.resolve(SERVER, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const PYTHON = path.join(ROOT, '.venv/bin/python');
const NBDIFF = path.join(ROOT, '.venv/bin/nbdiff');
const BENCH = path.join(SERVER, 'bench');

interface Run {
  seconds: number;
  maxrssKB: number;
  timedOut?: boolean;
  code?: number | null;
  stderr?: string;
  coarse?: string[];
}

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const TIMEOUT = Number(opt('--timeout') ?? 300);
const ONLY = opt('--only');

function json(cmd: string, argv: string[]): Run {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Run;
  } catch {
    throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr.slice(-800)}`);
  }
}

/** A command's wall time and peak memory, measured by a Python wrapper (one child each). */
function measure(cmd: string[]): Run {
  return json(PYTHON, [path.join(BENCH, 'measure.py'), String(TIMEOUT), ...cmd]);
}

function inProcessNbdime(p: Pair, runs: number): Run {
  const r = spawnSync(
    'timeout',
    [String(TIMEOUT), PYTHON, path.join(BENCH, 'nbdimeInProcess.py'), p.base, p.head, String(runs)],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }
  );
  if (r.status === 124) {
    return { seconds: TIMEOUT, maxrssKB: NaN, timedOut: true };
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Run;
}

function inProcessOurs(p: Pair, runs: number): Run {
  return json(process.execPath, [
    '--expose-gc',
    path.join(__dirname, 'diffInProcess.js'),
    p.base,
    p.head,
    String(runs)
  ]);
}

const mb = (kb: number) => (Number.isNaN(kb) ? '-' : `${(kb / 1024).toFixed(0)} MB`);
const sec = (r: Run) => (r.timedOut ? `>${TIMEOUT} s` : `${r.seconds.toFixed(3)} s`);
const ratio = (theirs: Run, ours: Run) =>
  `${theirs.timedOut ? '>' : ''}${(theirs.seconds / ours.seconds).toFixed(1)}x`;
const size = (b: number) =>
  b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(0)} KB`;

function main(): void {
  for (const f of [PYTHON, NBDIFF]) {
    if (!fs.existsSync(f)) {
      throw new Error(
        `${f} is missing: run bash scripts/setup.sh (nbdime is in requirements-dev.txt).`
      );
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-diff-bench-'));
  try {
    const pairs = buildPairs(CORPUS, dir).filter(p => !ONLY || p.name.includes(ONLY));
    const cli = path.join(SERVER, 'bin/nbpromote.js');
    const rows: string[][] = [];
    const misses: string[] = [];
    for (const p of pairs) {
      const runs = p.bytes > 1 << 20 ? 1 : 3;
      const theirsCli = measure([NBDIFF, '--no-color', p.base, p.head]);
      const oursCli = measure([process.execPath, cli, 'diff', '--no-color', p.base, p.head]);
      const theirsIn = inProcessNbdime(p, runs);
      const oursIn = inProcessOurs(p, runs);
      for (const [who, r] of [
        ['nbdiff', theirsCli],
        ['nbpromote diff', oursCli]
      ] as const) {
        if (!r.timedOut && r.code !== 0) {
          throw new Error(`${who} failed on ${p.name} (exit ${r.code}): ${r.stderr}`);
        }
      }
      rows.push([
        p.name,
        size(p.bytes),
        sec(theirsCli),
        sec(oursCli),
        ratio(theirsCli, oursCli),
        mb(theirsCli.maxrssKB),
        mb(oursCli.maxrssKB),
        sec(theirsIn),
        sec(oursIn),
        ratio(theirsIn, oursIn),
        mb(theirsIn.maxrssKB),
        mb(oursIn.maxrssKB),
        (oursIn.coarse ?? []).join(',') || 'exact'
      ]);
      process.stderr.write(`${rows[rows.length - 1].join('  ')}\n`);
      const cliRatio = theirsCli.seconds / oursCli.seconds;
      const inRatio = theirsIn.seconds / oursIn.seconds;
      if (cliRatio < 5) {
        misses.push(`${p.name}: CLI ${cliRatio.toFixed(1)}x (target 5x)`);
      }
      if (p.bytes >= 300 * 1024 && inRatio < 20 && !theirsIn.timedOut) {
        misses.push(`${p.name}: in process ${inRatio.toFixed(1)}x (target 20x)`);
      }
      if (oursCli.maxrssKB > theirsCli.maxrssKB || oursIn.maxrssKB > theirsIn.maxrssKB) {
        misses.push(`${p.name}: peak memory above nbdime's`);
      }
      if (p.bytes >= 8 << 20 && oursCli.seconds >= 2) {
        misses.push(`${p.name}: CLI ${oursCli.seconds.toFixed(2)} s (target under 2 s)`);
      }
    }
    const head = [
      'pair',
      'size',
      'nbdiff',
      'nbpromote',
      'ratio',
      'nbdiff mem',
      'nbpromote mem',
      'diff_notebooks',
      'diffNotebooks',
      'ratio',
      'nbdime mem',
      'engine mem',
      'engine answer'
    ];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
    process.stdout.write(
      `\nCLI to CLI (wall time, peak RSS), then in process (the diff call alone, best of 3; one run over 1 MB)\n` +
        `${line(head)}\n${widths.map(w => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n\n` +
        (misses.length ? `Targets missed:\n  ${misses.join('\n  ')}\n` : 'Every target met.\n')
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
