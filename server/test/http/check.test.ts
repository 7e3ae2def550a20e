import * as fs from 'node:fs';
import * as path from 'node:path';
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';

const WINE = path.resolve(__dirname, '../fixtures/ml/wine_shared_functions.ipynb');

describe.each(DATABASES)('POST /check on %s', kind => {
  const { api } = useTestApi(kind);

  it('names the shared functions through which a step reads its inputs', async () => {
    const notebook = JSON.parse(fs.readFileSync(WINE, 'utf8'));
    const res = await api.as('ada').post('/check', { notebook, path: 'wine.ipynb' });
    expect(res.status).toBe(200);
    const step = (n: string) => res.body.steps.find((s: { name: string }) => s.name === n);
    expect(step('train').inputs).toEqual({
      X: 'preprocess',
      X_test: 'preprocess',
      y: 'preprocess',
      y_test: 'preprocess'
    });
    expect(step('train').inputsVia).toEqual({
      X: ['fit_and_evaluate'],
      X_test: ['fit_and_evaluate'],
      y: ['fit_and_evaluate'],
      y_test: ['fit_and_evaluate']
    });
    expect(step('evaluate').inputsVia).toEqual({ X_test: ['evaluate'], y_test: ['evaluate'] });
    expect(step('extract')).not.toHaveProperty('inputsVia');
  });
});

/** Keys of the right shape, made per run (the documentation's example keys are ignored). */
function randomOf(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join(
    ''
  );
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function code(id: string, tags: string[], source: string, outputs: unknown[] = []) {
  return { cell_type: 'code', id, metadata: { tags }, source, outputs, execution_count: null };
}

function tagged(cells: unknown[], nbpromote: Record<string, unknown> = {}) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      language_info: { name: 'python' },
      nbpromote: { project: 'p', algorithm: 'a', ...nbpromote }
    },
    cells
  };
}

describe.each(DATABASES)('POST /check and /preview on %s: secrets and schedules', kind => {
  const { api } = useTestApi(kind);

  it('reports an AWS key in a source and a GitHub token in an output, masked, each with its cell', async () => {
    const awsSecret = randomOf(ALNUM, 40);
    const github = `ghp_${randomOf(ALNUM, 36)}`;
    const notebook = tagged([
      code(
        'load',
        ['step:extract'],
        `import boto3\nAWS_SECRET_ACCESS_KEY = "${awsSecret}"\nx = 1\n`
      ),
      code('env', ['step:train'], 'y = x + 1\nprint(y)', [
        { output_type: 'stream', name: 'stdout', text: `token=${github}\n` }
      ])
    ]);
    const res = await api.as('ada').post('/check', { notebook, path: 'secrets.ipynb' });
    expect(res.status).toBe(200);
    const secrets = res.body.problems.filter((p: { code: string }) => p.code === 'possible_secret');
    expect(secrets).toEqual([
      expect.objectContaining({ severity: 'error', cell: 1, cellId: 'load', line: 2 }),
      expect.objectContaining({ severity: 'error', cell: 2, cellId: 'env' })
    ]);
    expect(secrets[0].message).toMatch(
      /^Possible secret \(AWSSecretAccessKey\) in the source: \w{4}\*{8} \(40 characters\)\./
    );
    expect(secrets[1].message).toMatch(
      /^Possible secret \(GITHUB_TOKEN\) in output 1 \(stream\), line 1: ghp_\*{8} \(40 characters\)\./
    );
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(awsSecret);
    expect(text).not.toContain(github);
  });

  it('refuses an out-of-range cron schedule, naming the field and value, and builds no bundle', async () => {
    const notebook = tagged([code('t', ['step:train'], 'x = 1')], { schedule: '61 25 * * *' });
    const check = await api.as('ada').post('/check', { notebook, path: 'cron.ipynb' });
    expect(check.status).toBe(200);
    expect(check.body.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'invalid_schedule',
        message: expect.stringMatching(
          /^metadata\.nbpromote\.schedule: "61 25 \* \* \*" is not a schedule Airflow can run: minute 61 is out of range \(0-59\); hour 25 is out of range \(0-23\)$/
        )
      })
    ]);
    const preview = await api
      .as('ada')
      .post('/preview', { notebook, path: 'cron.ipynb', environment: 'dev' });
    expect(preview.status).toBe(200);
    expect(preview.body.files).toEqual({});
    expect(preview.body.problems.map((p: { code: string }) => p.code)).toContain(
      'invalid_schedule'
    );
  });

  it('accepts Airflow presets and valid cron expressions', async () => {
    for (const schedule of [
      '@daily',
      '@quarterly',
      '0 6 * * 1-5',
      '*/15 0-23/2 1,15 JAN-MAR SUN'
    ]) {
      const notebook = tagged([code('t', ['step:train'], 'x = 1')], { schedule });
      const res = await api.as('ada').post('/check', { notebook, path: 'cron.ipynb' });
      expect([schedule, res.body.problems]).toEqual([schedule, []]);
    }
  });
});
