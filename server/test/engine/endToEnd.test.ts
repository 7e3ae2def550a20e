import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, cli, notebook, python, tmpDir, writeNotebook } from './support';

/**
 * The example notebook, converted and run as a pipeline with the real scikit-learn, gives
 * the metrics the notebook itself gives when executed top to bottom.
 */
const ML = path.join(FIXTURES, 'ml');
const PKG = 'titanic_survival_rf';
let dir: string;
let bundle: string;
let work: string;
beforeAll(async () => {
  dir = tmpDir();
  bundle = path.join(dir, 'bundle');
  work = path.join(dir, 'work');
  fs.mkdirSync(work);
  for (const f of ['train.csv', 'test.csv']) fs.copyFileSync(path.join(ML, f), path.join(work, f));
  const r = await cli('convert', path.join(ML, 'titanic_pipeline.ipynb'), '--out', bundle);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const runsRoot = () => path.join(dir, 'runs');
const versionDir = () => path.join(runsRoot(), 'titanic', 'dev', 'survival-rf', '1.0.0');

function runner(args: string[]) {
  return python(['-m', PKG, ...args, '--root', runsRoot()], {
    cwd: work,
    env: { PYTHONPATH: bundle }
  });
}

function tokenOf(stdout: string): string {
  const m = /run (\S+) succeeded/.exec(stdout);
  if (!m) throw new Error(`no run token in: ${stdout}`);
  return m[1];
}

/** Execute the notebook with nbclient and read the dict the pipeline-metrics cell shows. */
function notebookMetrics(): Record<string, number> {
  const script = `
import ast, json, sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': sys.argv[2]}}).execute()
cell = [c for c in nb.cells if 'pipeline-metrics' in c.metadata.get('tags', [])][0]
shown = [o for o in cell.outputs if o.output_type == 'execute_result'][0]
print(json.dumps(ast.literal_eval(shown.data['text/plain'])))
`;
  const r = python(['-c', script, path.join(ML, 'titanic_pipeline.ipynb'), work]);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** A stored output read back by hand: its format from the step's record, then its file. */
function readOutput(runDir: string, step: string, name: string): string {
  const record = JSON.parse(fs.readFileSync(path.join(runDir, step, 'step.json'), 'utf8'));
  const format = record.outputs[name] as string;
  const ext = { parquet: '.parquet', npy: '.npy', joblib: '.joblib', cloudpickle: '.pkl' }[format];
  const r = python(
    [
      '-c',
      `import sys, ${PKG}._formats as f; print(f.decode(sys.argv[1], open(sys.argv[2], "rb").read()).tolist())`,
      format,
      path.join(runDir, step, `${name}${ext}`)
    ],
    { env: { PYTHONPATH: bundle } }
  );
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
}

test('training, prediction and evaluation reproduce the notebook', () => {
  const expected = notebookMetrics();
  expect(expected.accuracy).toBeGreaterThan(0.7);

  const training = runner(['run', '--use-case', 'training', '--env', 'dev']);
  expect(training.stderr).not.toMatch(/Traceback/);
  expect(training.code).toBe(0);
  const trainToken = tokenOf(training.stdout);
  const trainDir = path.join(versionDir(), trainToken);
  const metrics = JSON.parse(fs.readFileSync(path.join(trainDir, 'metrics.json'), 'utf8'));
  expect(metrics).toEqual(expected);
  const record = JSON.parse(fs.readFileSync(path.join(trainDir, 'run.json'), 'utf8'));
  expect(record).toMatchObject({
    token: trainToken,
    status: 'succeeded',
    use_case: 'training',
    env: 'dev',
    version: '1.0.0',
    order: ['extract', 'preprocess', 'train', 'predict', 'evaluate'],
    params: { data_path: 'train.csv' },
    metrics: expected
  });
  for (const s of record.order) {
    expect(record.steps[s].status).toBe('succeeded');
    expect(record.steps[s].started_at <= record.steps[s].ended_at).toBe(true);
  }
  // Each value in the format that outlives library versions, recorded per output.
  expect(record.formats.extract).toEqual({ raw: 'parquet' });
  expect(record.formats.preprocess).toEqual({ features: 'parquet', labels: 'cloudpickle' });
  expect(record.formats.train).toEqual({
    X_test: 'parquet',
    model: 'joblib',
    y_test: 'cloudpickle'
  });
  expect(fs.existsSync(path.join(trainDir, 'train', 'model.joblib'))).toBe(true);
  for (const s of ['extract', 'preprocess', 'train', 'predict', 'evaluate']) {
    expect(fs.existsSync(path.join(trainDir, s))).toBe(true);
  }

  // Prediction on the same data with the latest training run's model: same predictions.
  const same = runner(['run', '--use-case', 'prediction', '--env', 'dev']);
  expect(same.code).toBe(0);
  const sameDir = path.join(versionDir(), tokenOf(same.stdout));
  expect(fs.existsSync(path.join(sameDir, 'train'))).toBe(false);
  expect(readOutput(sameDir, 'predict', 'predictions')).toBe(
    readOutput(trainDir, 'predict', 'predictions')
  );

  // Prediction on new passengers, naming the training run explicitly.
  const fresh = runner([
    'run',
    '--use-case',
    'prediction',
    '--env',
    'dev',
    '--from-run',
    trainToken,
    '--param',
    'data_path=test.csv'
  ]);
  expect(fresh.code).toBe(0);
  const freshDir = path.join(versionDir(), tokenOf(fresh.stdout));
  expect(JSON.parse(readOutput(freshDir, 'predict', 'predictions'))).toHaveLength(418);

  // Evaluation alone reads model and held-out data from the training run.
  const evaluation = runner([
    'run',
    '--use-case',
    'evaluation',
    '--env',
    'dev',
    '--from-run',
    trainToken
  ]);
  expect(evaluation.code).toBe(0);
  const evalDir = path.join(versionDir(), tokenOf(evaluation.stdout));
  expect(JSON.parse(fs.readFileSync(path.join(evalDir, 'metrics.json'), 'utf8'))).toEqual(expected);
}, 600000);

test('one step at a time, as the Airflow tasks run it', () => {
  const token = 'airflow-20240101T000000';
  for (const step of ['extract', 'preprocess', 'train', 'predict', 'evaluate']) {
    const r = runner(['run-step', '--step', step, '--run-token', token, '--use-case', 'training']);
    expect({ step, code: r.code, stderr: r.code ? r.stderr : '' }).toEqual({
      step,
      code: 0,
      stderr: ''
    });
  }
  const runDir = path.join(versionDir(), token);
  expect(JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')).status).toBe(
    'succeeded'
  );
  expect(
    Object.keys(JSON.parse(fs.readFileSync(path.join(runDir, 'metrics.json'), 'utf8')))
  ).toEqual(['accuracy', 'f1']);
}, 300000);

test('bad parameters and a failing step end with one clear line and exit 1', async () => {
  const typed = runner(['run', '--param', 'n_estimators=many']);
  expect(typed.code).toBe(1);
  expect(typed.stderr.trim()).toBe(
    "error: parameter 'n_estimators' expects a value of type int, got 'many'"
  );
  const unknown = runner(['run', '--param', 'nope=1']);
  expect(unknown.stderr).toMatch(/unknown parameter 'nope'/);

  const nb = notebook([
    [['parameters'], 'divisor = 0'],
    [['step:extract'], 'values = [1, 2, 3]'],
    [['step:train'], 'ratio = sum(values) / divisor']
  ]);
  const file = writeNotebook(dir, 'failing.ipynb', nb);
  const out = path.join(dir, 'failing-bundle');
  expect((await cli('convert', file, '--out', out)).code).toBe(0);
  const r = python(['-m', 'failing', 'run', '--root', runsRoot()], {
    cwd: work,
    env: { PYTHONPATH: out }
  });
  expect(r.code).toBe(1);
  const last = r.stderr.trim().split('\n').pop();
  expect(last).toBe("error: step 'train' failed: ZeroDivisionError: division by zero");
  const ok = python(['-m', 'failing', 'run', '--root', runsRoot(), '--param', 'divisor=2'], {
    cwd: work,
    env: { PYTHONPATH: out }
  });
  expect(ok.code).toBe(0);

  const prediction = python(
    ['-m', PKG, 'run', '--use-case', 'prediction', '--root', path.join(dir, 'empty')],
    {
      cwd: work,
      env: { PYTHONPATH: bundle }
    }
  );
  expect(prediction.code).toBe(1);
  expect(prediction.stderr).toMatch(
    /no successful training run of version 1\.0\.0.*run the training use case first/
  );
  expect(prediction.stderr).not.toMatch(/Traceback/);
}, 300000);

test('a metric that is a parameter is recorded with the value the run used', async () => {
  const nb = notebook([
    [['parameters'], 'd1 = 3'],
    [['step:train'], 'score = d1 * 2'],
    [['pipeline-metrics'], "{'d1': d1, 'score': score}"]
  ]);
  const file = writeNotebook(dir, 'param_metric.ipynb', nb);
  const out = path.join(dir, 'param-metric-bundle');
  expect((await cli('convert', file, '--out', out)).code).toBe(0);
  const r = python(['-m', 'param_metric', 'run', '--root', runsRoot(), '--param', 'd1=4'], {
    cwd: work,
    env: { PYTHONPATH: out }
  });
  expect(r.stderr).not.toMatch(/Traceback/);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('d1 = 4.0');
  expect(r.stdout).toContain('score = 8.0');
}, 120000);
