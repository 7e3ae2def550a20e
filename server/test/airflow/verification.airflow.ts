/**
 * A verification of the titanic example through a real Airflow 3 (standalone, SQLite,
 * LocalExecutor): the service triggers the bundle's DAG over the REST API, the DAG's tasks
 * report the run record with the run-scoped token, and the result reaches the review.
 * Its own suite (scripts/test.sh: airflowverify), bounded to a few minutes.
 */
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundle, findPython } from '../../src/engine';
import { checkoutBundle } from '../../src/features/verification/bundleFiles';
import { environmentFor } from '../../src/features/verification/pythonEnvironment';
import { startAirflow, type AirflowStandalone } from '../support/airflowStandalone';
import { startTestApi, type TestApi } from '../support/api';
import { python as runPython } from '../engine/support';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const NOTEBOOK = path.join(EXAMPLES, 'titanic_pipeline.ipynb');
const PASSWORD_ENV = 'NBPROMOTE_TEST_AIRFLOW_PASSWORD';

jest.setTimeout(600_000);

let airflow: AirflowStandalone;
let api: TestApi;
let server: Server;
let runs: string;
/** The Python of the DAGs' tasks: a virtualenv with the bundle's requirements. */
let tasksPython: string;
/** The example as its author saved it: executed top to bottom, outputs (metrics) kept. */
let saved: Record<string, unknown>;

function executeNotebook(): Record<string, unknown> {
  const out = path.join(runs, 'titanic-executed.ipynb');
  const script = `
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': sys.argv[2]}}).execute()
nbformat.write(nb, sys.argv[3])
`;
  const r = runPython(['-c', script, NOTEBOOK, EXAMPLES, out]);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  // The tasks' Python: the bundle's requirements, as the local executor installs them.
  const bundle = await buildBundle(fs.readFileSync(NOTEBOOK), {
    path: 'examples/titanic_pipeline.ipynb'
  });
  expect(bundle.ok).toBe(true);
  const python = environmentFor(bundle.manifest!.requirements.join('\n'), {
    basePython: findPython(),
    cacheDir: path.join(os.tmpdir(), 'nbpromote-verification-venvs')
  });
  runs = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-airflow-runs-'));
  saved = executeNotebook();
  tasksPython = (await python).python;
  [airflow, api] = await Promise.all([
    startAirflow({ NBPROMOTE_ENV: 'dev', NBPROMOTE_ROOT: runs, NBPROMOTE_PYTHON: tasksPython }),
    startTestApi('sqlite', {}, { verificationDataRoot: EXAMPLES, verificationLocalDefault: false })
  ]);
  process.env[PASSWORD_ENV] = airflow.password;
  server = createServer(api.app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  api.services.verification.start(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await api?.services.verification.stop();
  server?.closeAllConnections();
  if (server) await new Promise(resolve => server.close(resolve));
  await api?.cleanup();
  await airflow?.stop();
  if (runs) fs.rmSync(runs, { recursive: true, force: true });
  delete process.env[PASSWORD_ENV];
});

async function useAirflow(extra: Record<string, unknown> = {}) {
  const res = await api.as('grace').put('/verification/settings', {
    timeoutSeconds: 400,
    environments: {
      dev: {
        executor: 'airflow',
        airflow: {
          url: airflow.url,
          username: airflow.username,
          passwordEnv: PASSWORD_ENV,
          dagWaitSeconds: 240,
          ...extra
        }
      }
    }
  });
  expect(res.status).toBe(200);
  return res;
}

async function settle(id: number, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const res = await api.as('linus').get(`/promotions/${id}/verification`);
    expect(res.status).toBe(200);
    const run = res.body.runs[0];
    if (run && !['queued', 'running'].includes(run.status)) return res.body;
    if (Date.now() > until) {
      throw new Error(
        `The verification did not end: ${JSON.stringify(run)}\n${airflow.output().slice(-3000)}`
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

async function submit(notebook: Record<string, unknown>) {
  const created = await api.as('ada').post('/promotions', {
    path: 'examples/titanic_pipeline.ipynb',
    notebook
  });
  expect(created.status).toBe(201);
  return created.body.id as number;
}

/** The deployment's part: the revision's bundle placed in Airflow's dags folder (git-sync). */
async function deployBundle(id: number, name: string, dagsFolder = airflow.dagsFolder) {
  const revision = await api.services.stores.views.revision(id, 1);
  const dir = await checkoutBundle(api.services.repo, revision.commitSha, 'titanic/survival-rf');
  fs.cpSync(dir, path.join(dagsFolder, name), { recursive: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

test('the example verified on Airflow 3: the result arrives in the review and reproduces passes', async () => {
  const settings = await useAirflow();
  // The password stays in the service's environment: neither stored nor echoed.
  expect(JSON.stringify(settings.body)).not.toContain(airflow.password);
  const rules = await api.as('grace').put('/rules', {
    message: 'dev: the bundle reproduces the notebook on Airflow',
    document: {
      schemaVersion: 1,
      environments: {
        dev: {
          rules: [{ id: 'reproduces', type: 'reproduces', parameters: { executor: 'airflow' } }]
        }
      }
    }
  });
  expect(rules.status).toBe(200);

  const id = await submit(saved);
  await deployBundle(id, 'titanic');
  const ended = await settle(id, 420_000);
  const run = ended.runs[0];
  expect(run).toMatchObject({ executor: 'airflow', useCase: 'training', reason: null });
  expect(run.status).toBe('passed');
  expect(run.result.comparison.passed).toBe(true);
  expect(run.result.comparison.summary).toContain(
    'accuracy 0.7757847533632287 = 0.7757847533632287'
  );
  expect(run.result.steps.map((s: { name: string; status: string }) => s.status)).toEqual(
    run.result.steps.map(() => 'succeeded')
  );
  // The DAG's tasks reported the record with the run's token.
  const records = await api.as('ada').get('/runs?project=titanic&algorithm=survival-rf');
  expect(records.body.items[0]).toMatchObject({
    status: 'succeeded',
    reportedBy: `verification-${run.id}`
  });
  expect(records.body.items[0].runToken).toMatch(/^airflow-nbpromote-verify-/);

  const check = await api.as('linus').get(`/promotions/${id}/rules`);
  expect(check.status).toBe(200);
  const reproduces = check.body.results.find((r: { id: string }) => r.id === 'reproduces');
  expect(reproduces).toMatchObject({ status: 'pass' });
  expect(reproduces.message).toMatch(/accuracy 0.7757847533632287 = 0.7757847533632287/i);
});

/** The DAG runs Airflow has of the example's training DAG, as its API answers them. */
async function dagRuns(): Promise<{ dag_run_id: string; state: string }[]> {
  const auth = await fetch(`${airflow.url}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: airflow.username, password: airflow.password })
  });
  const { access_token: jwt } = (await auth.json()) as { access_token: string };
  const res = await fetch(
    `${airflow.url}/api/v2/dags/titanic_survival_rf_training/dagRuns?limit=100`,
    { headers: { Authorization: `Bearer ${jwt}` } }
  );
  return ((await res.json()) as { dag_runs: { dag_run_id: string; state: string }[] }).dag_runs;
}

async function runningStep(id: number, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const res = await api.as('linus').get(`/promotions/${id}/verification`);
    const run = res.body.runs[0];
    if (run.status === 'running' && run.step) return run;
    if (run.status !== 'queued' && run.status !== 'running') {
      throw new Error(`The run ended before a step ran: ${JSON.stringify(run)}`);
    }
    if (Date.now() > until) throw new Error(`No step ran: ${airflow.output().slice(-3000)}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

test('Cancel and a run past its timeout mark the DAG run failed in Airflow', async () => {
  await useAirflow();
  const [request] = (await api.as('ada').get('/promotions')).body.items;
  const id = request.id as number;
  expect((await api.as('linus').post(`/promotions/${id}/verification`, {})).status).toBe(201);
  const running = await runningStep(id, 120_000);
  expect(running.step).toMatchObject({ total: 5 });
  const cancelled = await api.as('linus').post(`/promotions/${id}/verification/cancel`, {});
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ status: 'cancelled', executor: 'airflow' });
  expect(cancelled.body.reason).toContain('the DAG run was marked failed in Airflow');
  const dagRunOf = (runId: number) =>
    dagRuns().then(all => all.find(r => r.dag_run_id.startsWith(`nbpromote-verify-${runId}-`)));
  expect(await dagRunOf(cancelled.body.id)).toMatchObject({ state: 'failed' });

  await api.as('grace').put('/verification/settings', { timeoutSeconds: 4 });
  expect((await api.as('linus').post(`/promotions/${id}/verification`, {})).status).toBe(201);
  const ended = await settle(id, 120_000);
  expect(ended.runs[0].status).toBe('timed_out');
  expect(ended.runs[0].reason).toMatch(/^Stopped after 4 s.*the DAG run was marked failed/);
  expect(await dagRunOf(ended.runs[0].id)).toMatchObject({ state: 'failed' });
});

test('a DAG that never appears and an Airflow nobody answers each end the run with the reason', async () => {
  await useAirflow({ dagWaitSeconds: 3 });
  // A different version, whose bundle nobody placed in the dags folder.
  const nb = JSON.parse(JSON.stringify(saved));
  nb.metadata.nbpromote.algorithm = 'never-deployed';
  const missing = await settle(await submit(nb), 120_000);
  expect(missing.runs[0].status).toBe('failed');
  expect(missing.runs[0].reason).toMatch(/did not appear in Airflow .* within 3 s/);

  const closed = `http://127.0.0.1:${await new Promise<number>(resolve => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  })}`;
  await useAirflow({ url: closed });
  nb.metadata.nbpromote.algorithm = 'unreachable';
  const unreachable = await settle(await submit(nb), 120_000);
  expect(unreachable.runs[0].status).toBe('failed');
  expect(unreachable.runs[0].reason).toContain(`Airflow at ${closed} is unreachable`);
});

test('Airflow 2.10 (api v1, basic auth) runs the same verification to the same verdict', async () => {
  await airflow.stop(); // one Airflow at a time on a small machine
  const two = await startAirflow(
    { NBPROMOTE_ENV: 'dev', NBPROMOTE_ROOT: runs, NBPROMOTE_PYTHON: tasksPython },
    2
  );
  try {
    process.env[PASSWORD_ENV] = two.password;
    const set = await api.as('grace').put('/verification/settings', {
      timeoutSeconds: 400,
      environments: {
        dev: {
          executor: 'airflow',
          airflow: {
            url: two.url,
            username: two.username,
            passwordEnv: PASSWORD_ENV,
            dagWaitSeconds: 240,
            api: 'v1'
          }
        }
      }
    });
    expect(set.status).toBe(200);
    const requests = (await api.as('ada').get('/promotions')).body.items as { id: number }[];
    const id = Math.min(...requests.map(r => r.id)); // the example, as first submitted
    await deployBundle(id, 'titanic', two.dagsFolder);
    expect((await api.as('linus').post(`/promotions/${id}/verification`, {})).status).toBe(201);
    const until = Date.now() + 300_000;
    let run;
    for (;;) {
      run = (await api.as('linus').get(`/promotions/${id}/verification`)).body.runs[0];
      if (!['queued', 'running'].includes(run.status)) break;
      if (Date.now() > until)
        throw new Error(`Airflow 2.10 did not end: ${two.output().slice(-3000)}`);
      await new Promise(r => setTimeout(r, 1000));
    }
    expect(run).toMatchObject({ executor: 'airflow', status: 'passed', reason: null });
    expect(run.result.comparison.summary).toContain(
      'accuracy 0.7757847533632287 = 0.7757847533632287'
    );
  } finally {
    await two.stop();
  }
});
