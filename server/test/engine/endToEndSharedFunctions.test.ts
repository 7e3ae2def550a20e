import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, cli, python, tmpDir } from './support';

/**
 * A notebook whose steps call shared functions that read the split data as globals
 * (fit_and_evaluate -> evaluate -> X, y, X_test, y_test), and whose steps pass a pandas
 * DataFrame (frame), numpy arrays (X, y, X_test, y_test) and a scikit-learn model between
 * them. Converted and run for training then prediction, it gives the notebook's metrics.
 */
const NOTEBOOK = path.join(FIXTURES, 'ml', 'wine_shared_functions.ipynb');
const PKG = 'demo_wine_rf';
let dir: string;
let bundle: string;
beforeAll(async () => {
  dir = tmpDir();
  bundle = path.join(dir, 'bundle');
  const r = await cli('convert', NOTEBOOK, '--out', bundle);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const runsRoot = () => path.join(dir, 'runs');
const versionDir = () => path.join(runsRoot(), 'demo', 'dev', 'wine-rf', '1.0.0');

function run(useCase: string) {
  const r = python(['-m', PKG, 'run', '--use-case', useCase, '--root', runsRoot()], {
    cwd: dir,
    env: { PYTHONPATH: bundle }
  });
  expect(r.stderr).not.toMatch(/Traceback|NameError/);
  expect(r.code).toBe(0);
  const token = /run (\S+) succeeded/.exec(r.stdout)![1];
  const runDir = path.join(versionDir(), token);
  return {
    runDir,
    metrics: JSON.parse(fs.readFileSync(path.join(runDir, 'metrics.json'), 'utf8'))
  };
}

/** Execute the notebook top to bottom and read the dict its pipeline-metrics cell shows. */
function notebookMetrics(): Record<string, number> {
  const script = `
import ast, json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name='python3').execute()
cell = [c for c in nb.cells if 'pipeline-metrics' in c.metadata.get('tags', [])][0]
shown = [o for o in cell.outputs if o.output_type == 'execute_result'][0]
print(json.dumps(ast.literal_eval(shown.data['text/plain'])))
`;
  const r = python(['-c', script, NOTEBOOK], { cwd: dir });
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** The file a step stored a value in, whatever its format. */
function stored(runDir: string, step: string, name: string): string | undefined {
  const folder = path.join(runDir, step);
  return fs.existsSync(folder)
    ? fs.readdirSync(folder).find(f => f === name || f.startsWith(`${name}.`))
    : undefined;
}

test('the manifest says which values reach a step through the functions it calls', () => {
  const m = JSON.parse(fs.readFileSync(path.join(bundle, 'pipeline.json'), 'utf8'));
  const step = (n: string) => m.steps.find((s: { name: string }) => s.name === n);
  expect(step('train').inputs).toEqual([
    { name: 'X', step: 'preprocess', via: ['fit_and_evaluate'] },
    { name: 'X_test', step: 'preprocess', via: ['fit_and_evaluate'] },
    { name: 'y', step: 'preprocess', via: ['fit_and_evaluate'] },
    { name: 'y_test', step: 'preprocess', via: ['fit_and_evaluate'] }
  ]);
  expect(step('evaluate').inputs).toEqual([
    { name: 'X_test', step: 'preprocess', via: ['evaluate'] },
    { name: 'model', step: 'train' },
    { name: 'y_test', step: 'preprocess', via: ['evaluate'] }
  ]);
  expect(step('extract').outputs).toEqual(['frame']);
  expect(step('train').outputs).toEqual(['model']);
});

test('training then prediction reproduce the notebook metric', () => {
  const expected = notebookMetrics();
  expect(expected.accuracy).toBeGreaterThan(0.7);
  expect(expected.accuracy).toBeLessThan(1);

  const training = run('training');
  expect(training.metrics).toEqual(expected);
  // The DataFrame, the arrays and the model were stored by the steps that made them.
  for (const [step, name] of [
    ['extract', 'frame'],
    ['preprocess', 'X'],
    ['preprocess', 'y_test'],
    ['train', 'model']
  ]) {
    expect({ step, name, file: stored(training.runDir, step, name) }).toEqual({
      step,
      name,
      file: expect.any(String)
    });
  }

  // Prediction recomputes the data, takes the model of the training run: the same metric.
  const prediction = run('prediction');
  expect(prediction.metrics).toEqual({ accuracy: expected.accuracy });
  expect(fs.existsSync(path.join(prediction.runDir, 'train'))).toBe(false);
}, 600000);
