import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { FIXTURES, PYTHON, cli, python, tmpDir } from './support';

/**
 * The pipeline run against a real S3-compatible server (moto's), started here on a free
 * loopback port: training then prediction write the run layout under an s3:// root, and the
 * runner reads its records back from there.
 */
const ML = path.join(FIXTURES, 'ml');
const PKG = 'titanic_survival_rf';
const BUCKET = 'nbpromote-runs';
let dir: string;
let bundle: string;
let work: string;
let server: ChildProcess;
let endpoint: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise(r => setTimeout(r, 250));
    }
  }
  throw new Error(`moto's S3 server did not answer at ${url}`);
}

/** Credentials and endpoint as a deployment would set them; fsspec reads FSSPEC_S3_*. */
function s3Env(url = endpoint): NodeJS.ProcessEnv {
  return {
    PYTHONPATH: bundle,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
    FSSPEC_S3_ENDPOINT_URL: url
  };
}

function runner(args: string[], env = s3Env()) {
  return python(['-m', PKG, ...args], { cwd: work, env });
}

/** Every key under the bucket, relative to it. */
function listBucket(): string[] {
  const r = python(
    [
      '-c',
      'import json, sys, s3fs; fs = s3fs.S3FileSystem(); ' +
        'print(json.dumps(sorted(fs.find(sys.argv[1]))))',
      BUCKET
    ],
    { env: s3Env() }
  );
  if (r.code !== 0) throw new Error(r.stderr);
  return (JSON.parse(r.stdout) as string[]).map(k => k.slice(BUCKET.length + 1));
}

beforeAll(async () => {
  dir = tmpDir();
  bundle = path.join(dir, 'bundle');
  work = path.join(dir, 'work');
  fs.mkdirSync(work);
  for (const f of ['train.csv', 'test.csv']) fs.copyFileSync(path.join(ML, f), path.join(work, f));
  const r = await cli('convert', path.join(ML, 'titanic_pipeline.ipynb'), '--out', bundle);
  if (r.code !== 0) throw new Error(r.stderr);
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  server = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore'
  });
  await waitFor(endpoint, 60);
  const made = python(['-c', 'import sys, s3fs; s3fs.S3FileSystem().mkdir(sys.argv[1])', BUCKET], {
    env: s3Env()
  });
  if (made.code !== 0) throw new Error(made.stderr);
}, 120000);

afterAll(() => {
  server?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('training then prediction on s3://: the run layout, formats and records in the bucket', () => {
  const root = `s3://${BUCKET}/pipelines`;
  const training = runner(['run', '--use-case', 'training', '--env', 'dev', '--root', root]);
  expect(training.stderr).not.toMatch(/Traceback/);
  expect(training.code).toBe(0);
  const trainToken = /run (\S+) succeeded/.exec(training.stdout)![1];
  expect(training.stdout).toContain(
    `s3://${BUCKET}/pipelines/titanic/dev/survival-rf/1.0.0/${trainToken}`
  );
  const prediction = runner(['run', '--use-case', 'prediction', '--env', 'dev', '--root', root]);
  expect(prediction.code).toBe(0);
  const predictToken = /run (\S+) succeeded/.exec(prediction.stdout)![1];

  const keys = listBucket();
  const base = 'pipelines/titanic/dev/survival-rf/1.0.0';
  const train = (rest: string) => `${base}/${trainToken}/${rest}`;
  for (const key of [
    'run.json',
    'metrics.json',
    'extract/step.json',
    'extract/raw.parquet',
    'preprocess/features.parquet',
    'preprocess/labels.pkl',
    'train/model.joblib',
    'train/X_test.parquet',
    'predict/predictions.pkl',
    'evaluate/step.json'
  ]) {
    expect(keys).toContain(train(key));
  }
  // Prediction ran its own three steps and read the model from the training run.
  const predicted = keys
    .filter(k => k.startsWith(`${base}/${predictToken}/`))
    .map(k => k.slice(base.length + predictToken.length + 2));
  expect(predicted.map(k => k.split('/')[0]).filter(k => k.includes('.') === false)).toEqual(
    expect.arrayContaining(['extract', 'preprocess', 'predict'])
  );
  expect(predicted.some(k => k.startsWith('train/'))).toBe(false);

  // The records read back through the runner, from the bucket.
  const list = runner(['runs', '--env', 'dev', '--root', root, '--json']);
  expect(list.code).toBe(0);
  const runs = JSON.parse(list.stdout);
  expect(runs.map((r: { token: string }) => r.token)).toEqual([trainToken, predictToken]);
  expect(runs[1]).toMatchObject({
    use_case: 'prediction',
    status: 'succeeded',
    from_run: trainToken
  });
  const shown = runner(['runs', '--env', 'dev', '--root', root, trainToken]);
  expect(JSON.parse(shown.stdout)).toMatchObject({
    token: trainToken,
    use_case: 'training',
    formats: { train: { model: 'joblib', X_test: 'parquet' } }
  });
  const table = runner(['runs', '--env', 'dev', '--root', root]);
  expect(table.stdout).toMatch(new RegExp(`${trainToken}\\s+training\\s+succeeded .*accuracy=`));
}, 600000);

test('a root that cannot be used is refused by name before any step runs', async () => {
  const unknown = runner(['run', '--root', 'nosuch://bucket/runs']);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr.trim()).toBe(
    "error: --root 'nosuch://bucket/runs': unknown storage scheme nosuch:// " +
      '(use a local path, s3://, gs://, abfs:// or another fsspec URL)'
  );
  const missing = runner(['run', '--root', 's3://no-such-bucket/runs']);
  expect(missing.code).toBe(1);
  expect(missing.stderr.trim()).toBe(
    "error: --root 's3://no-such-bucket/runs': bucket or container 'no-such-bucket' does not exist"
  );
  const closed = `http://127.0.0.1:${await freePort()}`;
  const unreachable = runner(['run', '--root', `s3://${BUCKET}/runs`], s3Env(closed));
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toMatch(
    /^error: --root 's3:\/\/nbpromote-runs\/runs': the store does not answer/
  );
  for (const r of [unknown, missing, unreachable]) {
    expect(r.stderr).not.toMatch(/Traceback|step extract/);
  }
}, 300000);
