/**
 * The diff engine in process: the call alone is timed (reading and parsing excluded), as
 * nbdimeInProcess.py times diff_notebooks.   node diffInProcess.js BASE HEAD RUNS
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const serverDir = process.env.NBPROMOTE_SERVER_DIR ?? path.resolve(__dirname, '../..');
const { diffNotebooks } = require(path.join(serverDir, 'lib/diff')) as typeof import('../src/diff');

const [basePath, headPath, runsArg] = process.argv.slice(2);
const base = JSON.parse(fs.readFileSync(basePath, 'utf8')) as unknown;
const head = JSON.parse(fs.readFileSync(headPath, 'utf8')) as unknown;
let best = Infinity;
let coarse: string[] = [];
// Run under --expose-gc: earlier runs' garbage is collected before each run, as Python's
// reference counting frees nbdime's, so the peak is one diff's.
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < Number(runsArg); i++) {
  gc?.();
  const start = process.hrtime.bigint();
  // An exact answer is timed: no time budget cuts it short.
  const d = diffNotebooks(base, head, {}, { timeMs: 600_000 });
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  coarse = d.coarse.map(c => c.reason);
}
const maxrssKB = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify({ seconds: best, maxrssKB, coarse })}\n`);
