import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeNotebook, buildBundle, writeBundle, type Analysis } from '../../src/engine';
import { describeAnalysis } from '../../src/engine/report';
import { notebook, python, tmpDir } from './support';

let dir: string;
beforeAll(() => {
  dir = tmpDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const errors = (a: Analysis) => a.problems.filter(p => p.severity === 'error');

/** Convert and run the pipeline with real Python; answer the metrics of the run. */
async function run(cells: [string[], string][], name: string): Promise<Record<string, unknown>> {
  const b = await buildBundle(notebook(cells), { path: `${name}.ipynb` });
  if (!b.ok) throw new Error(JSON.stringify(b.problems));
  const out = path.join(dir, name);
  writeBundle(b.files, out);
  const root = path.join(dir, `${name}-runs`);
  const r = python(['-m', name, 'run', '--root', root], { env: { PYTHONPATH: out } });
  expect(r.stderr).not.toMatch(/Traceback|Error/);
  expect(r.code).toBe(0);
  const token = /run (\S+) succeeded/.exec(r.stdout)![1];
  const runDir = path.join(root, 'default', 'dev', name, '0.1.0', token);
  return JSON.parse(fs.readFileSync(path.join(runDir, 'metrics.json'), 'utf8'));
}

describe('globals read through shared functions', () => {
  const cells: [string[], string][] = [
    [['imports'], 'import statistics'],
    [
      ['functions'],
      [
        'def spread():',
        '    return statistics.pstdev(X_test) + offset',
        '',
        'def fit_and_evaluate(model):',
        '    model["mean"] = sum(X) / len(X) + sum(y) * 0',
        '    return round(model["mean"] - spread() - y_test[0], 6)'
      ].join('\n')
    ],
    [['step:load'], 'X = [1.0, 2.0, 3.0, 4.0]\ny = [0, 1, 0, 1]'],
    [['step:split'], 'X_test = X[2:]\ny_test = y[2:]'],
    [['step:train'], 'offset = 0.5\nmodel = {}\nscore = fit_and_evaluate(model)'],
    [['pipeline-metrics'], 'score']
  ];

  test('the calling step loads them from the steps that made them, transitively', async () => {
    const a = await analyzeNotebook(notebook(cells));
    expect(errors(a)).toEqual([]);
    expect(a.problems.map(p => p.code)).not.toContain('undefined_name');
    const train = a.steps.find(s => s.name === 'train')!;
    expect(train.inputs).toEqual({ X: 'load', y: 'load', X_test: 'split', y_test: 'split' });
    expect(train.dependsOn).toEqual(['load', 'split']);
    // offset is bound by the step itself before the call: handed over, not loaded.
    expect(train.sharedGlobals).toEqual({
      X: ['fit_and_evaluate'],
      y: ['fit_and_evaluate'],
      X_test: ['fit_and_evaluate'],
      y_test: ['fit_and_evaluate'],
      offset: ['fit_and_evaluate']
    });
    expect(a.steps.find(s => s.name === 'load')!.outputs).toEqual(['X', 'y']);
    expect(describeAnalysis(a)).toContain(
      'train [train] <- load, split; reads X (via fit_and_evaluate), X_test (via fit_and_evaluate)'
    );
  });

  test('the generated pipeline runs and gives the notebook value', async () => {
    // As in the notebook: mean 2.5, spread pstdev([3, 4]) + 0.5 = 1.0, y_test[0] = 0.
    expect(await run(cells, 'shared_fn')).toEqual({ score: 1.5 });
  }, 120000);

  test('a value a shared function changes in place is loaded from the step that called it', async () => {
    const changing: [string[], string][] = [
      [
        ['functions'],
        'def drop_negatives():\n    rows[:] = [r for r in rows if r >= 0]\n\n' +
          'def clean():\n    drop_negatives()\n    log.append(len(rows))'
      ],
      [['step:load'], 'rows = [3, -1, 4, -5, 9]\nlog = []'],
      [['step:clean'], 'clean()'],
      [['step:report'], 'total = sum(rows)\nsteps_logged = len(log)'],
      [['pipeline-metrics'], 'total\nsteps_logged']
    ];
    const a = await analyzeNotebook(notebook(changing));
    expect(errors(a)).toEqual([]);
    expect(a.steps.find(s => s.name === 'clean')!.inputs).toEqual({ rows: 'load', log: 'load' });
    expect(a.steps.find(s => s.name === 'report')!.inputs).toEqual({ rows: 'clean', log: 'clean' });
    expect(await run(changing, 'shared_change')).toEqual({ total: 16, steps_logged: 1 });
  }, 120000);

  test('a module a shared function uses, imported by an earlier step, reaches the function', async () => {
    const cells: [string[], string][] = [
      [
        ['functions'],
        'def norm(values):\n    return round(math.sqrt(sum(v * v for v in values)), 6)'
      ],
      [['step:load'], 'import math\nvalues = [3.0, 4.0]'],
      [['step:score'], 'length = norm(values)'],
      [['pipeline-metrics'], 'length']
    ];
    const a = await analyzeNotebook(notebook(cells));
    expect(errors(a)).toEqual([]);
    expect(a.steps.find(s => s.name === 'score')!.imports).toEqual(['import math']);
    expect(await run(cells, 'shared_import')).toEqual({ length: 5 });
  }, 120000);

  test('a global no step defines is an error naming the function and the calling cell', async () => {
    const a = await analyzeNotebook(
      notebook([
        [['functions'], 'def fit_and_evaluate(model):\n    return model(X_valid)'],
        [['step:train'], 'score = fit_and_evaluate(len)']
      ])
    );
    expect(errors(a)).toEqual([
      expect.objectContaining({
        code: 'undefined_name',
        cell: 2,
        step: 'train',
        variable: 'X_valid',
        message: expect.stringContaining('read by fit_and_evaluate, which this cell calls')
      })
    ]);
  });

  test('a global defined only by a later step is reported where the function is called', async () => {
    const a = await analyzeNotebook(
      notebook([
        [['functions'], 'def report():\n    return limit'],
        [['step:a'], 'value = report()'],
        [['step:b'], 'limit = 3']
      ])
    );
    expect(errors(a)).toEqual([
      expect.objectContaining({ code: 'used_before_defined', step: 'a', variable: 'limit' })
    ]);
  });
});

describe('metrics that are parameters or shared setup', () => {
  const cells: [string[], string][] = [
    [['imports'], 'import numpy as np\nN_CLASSES = 3'],
    [['pipeline-parameters'], "d1 = 5\nd2 = 6\nbooltest = True\nstrtest = 'test'"],
    [['step:create_matrix', 'limit:nvidia.com/gpu:2'], 'rnd_matrix = np.random.rand(d1, d2)'],
    [['step:sum_matrix', 'prev:create_matrix'], 'sum_result = float(rnd_matrix.shape[0])'],
    [['pipeline-metrics'], 'print(d1)\nprint(d2)\nprint(sum_result)\nprint(N_CLASSES)']
  ];

  test('are accepted, reported, and saved by the step that reads them', async () => {
    const a = await analyzeNotebook(notebook(cells));
    expect(errors(a)).toEqual([]);
    expect(a.metrics).toEqual([
      { name: 'd1', from: 'parameter', step: 'create_matrix' },
      { name: 'd2', from: 'parameter', step: 'create_matrix' },
      { name: 'sum_result', step: 'sum_matrix' },
      { name: 'N_CLASSES', from: 'setup', step: 'sum_matrix' }
    ]);
    expect(describeAnalysis(a)).toContain('d1 (parameter, saved by create_matrix)');
  });

  test('the run records their values', async () => {
    expect(await run(cells, 'param_metrics')).toEqual({
      d1: 5,
      d2: 6,
      sum_result: 5,
      N_CLASSES: 3
    });
  }, 120000);

  test('a metric nothing defines is still refused', async () => {
    const a = await analyzeNotebook(
      notebook([
        [['step:a'], 'x = 1'],
        [['pipeline-metrics'], 'nowhere']
      ])
    );
    expect(errors(a)).toEqual([
      expect.objectContaining({
        code: 'unknown_metric',
        variable: 'nowhere',
        message: 'Metric "nowhere" is not computed by any step, nor a parameter or shared setup.'
      })
    ]);
  });
});
