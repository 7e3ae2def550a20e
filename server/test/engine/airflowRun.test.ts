import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { FIXTURES, PYTHON, cli, tmpDir } from './support';

const run = promisify(execFile);

/**
 * The example's training DAG run for real by Airflow 2.10 (`airflow dags test`), in local
 * mode, with DAG-run parameters: every task runs the bundle's step and the run ends with
 * its record and metrics in run storage.
 */
const airflow = path.resolve(
  path.dirname(
    process.env.NBPROMOTE_AIRFLOW_PYTHON ||
      path.resolve(__dirname, '../../../.venv-airflow/bin/python')
  ),
  'airflow'
);

test('airflow dags test runs the training DAG end to end with its parameters', async () => {
  if (!fs.existsSync(airflow)) {
    throw new Error(`No Airflow at ${airflow}: run \`bash scripts/airflow.sh\` (npm test does).`);
  }
  const dir = tmpDir();
  try {
    const bundle = path.join(dir, 'bundle');
    const r = await cli(
      'convert',
      path.join(FIXTURES, 'ml', 'titanic_pipeline.ipynb'),
      '--out',
      bundle
    );
    expect(r.code).toBe(0);
    // Production reads its data elsewhere than next to the notebook: a DAG-run parameter.
    const data = path.join(dir, 'data', 'passengers.csv');
    fs.mkdirSync(path.dirname(data));
    fs.copyFileSync(path.join(FIXTURES, 'ml', 'train.csv'), data);
    const env = {
      ...process.env,
      AIRFLOW_HOME: path.join(dir, 'airflow'),
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      AIRFLOW__CORE__DAGS_FOLDER: path.join(bundle, 'dags'),
      NBPROMOTE_OPERATOR: 'local',
      NBPROMOTE_PYTHON: PYTHON,
      NBPROMOTE_ROOT: path.join(dir, 'runs')
    };
    await run(airflow, ['db', 'migrate'], { env, timeout: 300000 });
    const conf = JSON.stringify({ data_path: data, n_estimators: 50 });
    await run(airflow, ['dags', 'test', 'titanic_survival_rf_training', '-c', conf], {
      env,
      timeout: 600000,
      maxBuffer: 64 * 1024 * 1024
    });
    const versionDir = path.join(dir, 'runs', 'titanic', 'dev', 'survival-rf', '1.0.0');
    const tokens = fs.readdirSync(versionDir);
    expect(tokens).toHaveLength(1);
    // One token for every task of the DAG run, from its run id.
    expect(tokens[0]).toMatch(/^airflow-manual__\d{4}-\d{2}-\d{2}T[0-9.-]+$/);
    const record = JSON.parse(
      fs.readFileSync(path.join(versionDir, tokens[0], 'run.json'), 'utf8')
    );
    expect(record).toMatchObject({
      status: 'succeeded',
      use_case: 'training',
      order: ['extract', 'preprocess', 'train', 'predict', 'evaluate'],
      params: { data_path: data, n_estimators: 50, max_depth: 6 }
    });
    expect(record.metrics.accuracy).toBeGreaterThan(0.7);
    for (const s of record.order) expect(record.steps[s].status).toBe('succeeded');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 900000);
