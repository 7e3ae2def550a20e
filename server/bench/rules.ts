/**
 * Rules benchmark (not a test): every rule type, secrets included, on the largest corpus
 * notebook and on a ~4 MB one built from the corpus (outputs and images kept), evaluated as the
 * service does it: on the rules worker thread. Prints the wall time, how long the event loop
 * was busy meanwhile (handing the notebook over, reading the answer), and each figure's ratio
 * to JSON.parse of the same notebook, measured in the same run.
 *
 *   server/bench/rules.sh [runs]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type * as Rules from '../src/rules';
import type * as Evaluator from '../src/features/rules/ruleEvaluator';

const SERVER = process.env.NBPROMOTE_SERVER_DIR ?? path.resolve(__dirname, '..');
const CORPUS = path.resolve(SERVER, '..', '..', 'shared', 'corpus');
const rules = require(path.join(SERVER, 'lib', 'rules')) as typeof Rules;
const { WorkerRuleEvaluator } = require(
  path.join(SERVER, 'lib', 'services', 'ruleEvaluator')
) as typeof Evaluator;

const RULES: Rules.Rule[] = [
  {
    id: 'two',
    type: 'review',
    parameters: {
      approvals: 2,
      stepOwners: [{ steps: '*', users: ['ken'] }],
      requireResolvedThreads: true
    }
  },
  {
    id: 'content',
    type: 'content',
    parameters: {
      requiredSteps: ['evaluate'],
      requiredMetadata: [{ field: 'kernelspec.name', pattern: '^python' }],
      forbiddenPatterns: [
        { pattern: '^\\s*!pip install', message: 'no pip', scope: 'sources_and_outputs' },
        {
          pattern: '(/home/|/Users/|C:\\\\Users\\\\)[A-Za-z]+',
          message: 'no absolute paths',
          scope: 'sources_and_outputs'
        }
      ],
      noErrorOutputs: true,
      requirementsPinned: true,
      maxNotebookBytes: 50_000_000,
      maxCells: 100_000,
      maxOutputBytes: 10_000_000
    }
  },
  {
    id: 'secrets',
    type: 'secrets',
    parameters: { patterns: [{ id: 'corp', pattern: 'corp-[0-9a-f]{16}' }] }
  },
  { id: 'order', type: 'environment_order' },
  {
    id: 'accuracy',
    type: 'metric',
    parameters: {
      metric: 'accuracy',
      operator: '>=',
      value: 0.8,
      noWorseThanCurrent: { relative: 0.02 }
    }
  },
  {
    id: 'freeze',
    type: 'freeze',
    parameters: {
      weekly: [{ from: { day: 'fri', time: '16:00' }, to: { day: 'mon', time: '08:00' } }]
    }
  }
];

function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ipynb') && !p.includes(`${path.sep}broken${path.sep}`))
        out.push(p);
    }
  };
  walk(CORPUS);
  return out;
}

/** Cells of every corpus notebook, repeated until the notebook is about `bytes` long. */
function bigNotebook(bytes: number): string {
  const cells: unknown[] = [];
  let size = 0;
  const sources = corpusFiles().map(
    f => JSON.parse(fs.readFileSync(f, 'utf8')) as { cells?: unknown[] }
  );
  while (size < bytes) {
    for (const nb of sources) {
      for (const c of nb.cells ?? []) {
        const cell = { ...(c as Record<string, unknown>), id: `c${cells.length}` };
        cells.push(cell);
        size += JSON.stringify(cell).length;
        if (size >= bytes) break;
      }
      if (size >= bytes) break;
    }
  }
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3' } },
    cells
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(
  label: string,
  text: string,
  runs: number,
  evaluator: Evaluator.RuleEvaluator
) {
  const parse: number[] = [];
  const held: number[] = [];
  const wall: number[] = [];
  const sha256 = createHash('sha256').update(text).digest('hex');
  let last: Rules.Evaluation | undefined;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    JSON.parse(text);
    parse.push(performance.now() - t);

    const job: Rules.EvaluationJob = {
      rules: RULES,
      environment: 'prod',
      rulesVersion: 1,
      now: new Date().toISOString(),
      // A new hash each run: the worker remembers a notebook's secret scan by its hash.
      notebook: { text, sha256: `${sha256}-${i}` },
      current: null,
      request: {
        id: 1,
        author: 'ada',
        latestRevision: 1,
        outputsOnly: {},
        reviews: [],
        unresolvedThreads: 0
      },
      roles: { ken: 'reviewer' },
      acceptedSecrets: [],
      promotedIn: ['stage']
    };
    const before = performance.eventLoopUtilization();
    t = performance.now();
    last = await evaluator.evaluate(job);
    wall.push(performance.now() - t);
    held.push(performance.eventLoopUtilization(before).active);
  }
  const p = median(parse);
  const h = median(held);
  const w = median(wall);
  const mb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(2);
  console.log(`${label} (${mb} MB, ${runs} runs, medians)`);
  console.log(`  JSON.parse (reference)           ${p.toFixed(1).padStart(7)} ms   1.0x`);
  console.log(
    `  every rule, secrets included     ${w.toFixed(1).padStart(7)} ms   ${(w / p).toFixed(1)}x`
  );
  console.log(
    `  of which the event loop was busy ${h.toFixed(1).padStart(7)} ms   ${(h / p).toFixed(1)}x`
  );
  console.log(`  results: ${last?.results.map(r => `${r.id}=${r.result}`).join(' ')}`);
  // Which rule costs what (in this thread, same facts, one rule at a time, after warm-up).
  const json = JSON.parse(text) as Record<string, unknown>;
  const view = rules.viewOfJson(json, Buffer.byteLength(text));
  const base = {
    environment: 'prod' as const,
    rulesVersion: 1,
    now: new Date(),
    notebook: view,
    roles: {},
    changedSteps: null,
    secrets: [],
    acceptedSecrets: new Set<string>(),
    metrics: [],
    current: null,
    promotedIn: []
  };
  const per = RULES.map(rule => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      rules.evaluateRules([rule], base);
      times.push(performance.now() - t);
    }
    return `${rule.id} ${median(times).toFixed(1)}`;
  });
  console.log(`  per rule (ms): ${per.join(', ')}`);
  return w;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 7);
  // Absolute times on a shared machine move with its load; the ratios much less.
  console.log(
    `load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`
  );
  const evaluator = new WorkerRuleEvaluator();
  try {
    const largest = corpusFiles().sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
    await measure(
      `largest corpus notebook ${path.relative(CORPUS, largest)}`,
      fs.readFileSync(largest, 'utf8'),
      runs,
      evaluator
    );
    const w = await measure(
      'corpus cells up to 4 MB',
      bigNotebook(4 * 1024 * 1024),
      runs,
      evaluator
    );
    console.log(
      `target: under 100 ms for 4 MB: ${w < 100 ? 'met' : 'NOT met'} (${w.toFixed(1)} ms)`
    );
  } finally {
    await evaluator.close();
  }
}

void main().catch(error => {
  console.error(error);
  process.exit(1);
});
