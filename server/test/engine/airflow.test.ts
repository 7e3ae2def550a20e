import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildBundle, writeBundle } from '../../src/engine';
import { dagText } from '../../src/engine/bundle/dag';
import type { Manifest } from '../../src/engine/bundle/manifest';
import { FIXTURES, tmpDir } from './support';

const run = promisify(execFile);

/** Pythons of the Airflow virtualenvs that `npm test` prepares (scripts/airflow.sh). */
const MAJORS = [
  ['Airflow 3', 'NBPROMOTE_AIRFLOW3_PYTHON', '.venv-airflow3'],
  ['Airflow 2.10', 'NBPROMOTE_AIRFLOW_PYTHON', '.venv-airflow']
] as const;

function airflowPython(variable: string, venv: string): string {
  const python = process.env[variable] || path.resolve(__dirname, '../../..', venv, 'bin/python');
  if (!fs.existsSync(python)) {
    throw new Error(
      `No Airflow Python at ${python}: run \`bash scripts/airflow.sh\` (npm test does) or set ` +
        `${variable}.`
    );
  }
  return python;
}

/** Load every DAG of a folder and describe what Airflow made of it. */
const LOAD_DAGS = `
import json, sys
try:
    from airflow.dag_processing.dagbag import DagBag
except ImportError:
    from airflow.models.dagbag import DagBag
import airflow
try:
    bag = DagBag(dag_folder=sys.argv[1], include_examples=False)
except TypeError:  # Airflow 3.3 reads examples from its configuration only
    bag = DagBag(dag_folder=sys.argv[1])
out = {"version": airflow.__version__, "errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {}}
for dag_id, dag in bag.dags.items():
    tasks = {}
    for t in dag.tasks:
        info = {"type": type(t).__name__, "upstream": sorted(t.upstream_task_ids), "retries": t.retries}
        if hasattr(t, "bash_command"):
            info["command"] = t.bash_command
            info["env"] = t.env
        if hasattr(t, "arguments"):
            r = t.container_resources
            info.update(image=t.image, cmds=t.cmds, arguments=t.arguments,
                        requests=r.requests if r else None, limits=r.limits if r else None,
                        annotations=t.annotations, labels=t.labels,
                        volumes=[v.persistent_volume_claim.claim_name for v in t.volumes],
                        mounts=[m.mount_path for m in t.volume_mounts],
                        env=[[e.name, e.value_from.secret_key_ref.name] for e in (t.env_vars or [])])
        tasks[t.task_id] = info
    out["dags"][dag_id] = {
        "schedule": getattr(dag.timetable, "summary", None) or (dag.schedule and str(dag.schedule)),
        "params": {k: dag.params[k] for k in dag.params},
        "tasks": tasks,
    }
print(json.dumps(out, default=str))
`;

let dir: string;
let dags: string;
let manifest: Manifest;
beforeAll(async () => {
  dir = tmpDir();
  const bundle = await buildBundle(
    fs.readFileSync(path.join(FIXTURES, 'ml', 'titanic_pipeline.ipynb')),
    { path: 'examples/titanic_pipeline.ipynb' }
  );
  expect(bundle.ok).toBe(true);
  writeBundle(bundle.files, path.join(dir, 'bundle'));
  dags = path.join(dir, 'bundle', 'dags');
  manifest = bundle.manifest!;
  // The same pipeline with the per-step settings Kale's tags give, as a second DAG.
  const kale: Manifest = JSON.parse(JSON.stringify(manifest));
  kale.package = 'titanic_kale';
  const train = kale.steps.find(s => s.name === 'train')!;
  train.resources = { cpu: '500m', memory: '4Gi', gpu: 1 };
  train.limits = { memory: '8Gi' };
  train.image = 'registry.example.com/gpu-train:2';
  train.annotations = { 'example.com/team': 'ml' };
  train.labels = { tier: 'gpu' };
  kale.volumes = [{ name: 'shared-data', mount_point: '/data', type: 'pvc' }];
  fs.writeFileSync(path.join(dags, 'titanic_kale_training_dag.py'), dagText(kale, 'training'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function loadDags(python: string, env: Record<string, string>) {
  const home = fs.mkdtempSync(path.join(dir, 'airflow-'));
  const { stdout } = await run(python, ['-c', LOAD_DAGS, dags], {
    env: {
      ...process.env,
      AIRFLOW_HOME: home,
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      AIRFLOW__CORE__UNIT_TEST_MODE: 'True',
      ...env
    },
    timeout: 300000,
    maxBuffer: 16 * 1024 * 1024
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe.each(MAJORS)('the generated DAGs on %s', (_label, variable, venv) => {
  const python = () => airflowPython(variable, venv);

  test('local mode: one DAG per use case, one shell task per step, edges and params', async () => {
    const result = await loadDags(python(), { NBPROMOTE_OPERATOR: 'local' });
    expect(result.errors).toEqual({});
    const pkg = manifest.package;
    expect(Object.keys(result.dags).sort()).toEqual(
      [`${pkg}_evaluation`, `${pkg}_prediction`, `${pkg}_training`, 'titanic_kale_training'].sort()
    );
    const training = result.dags[`${pkg}_training`];
    expect(training.schedule).toBe('0 6 * * 1');
    expect(result.dags[`${pkg}_prediction`].schedule).toBe('0 7 * * *');
    expect(Object.keys(training.tasks).sort()).toEqual(manifest.order.slice().sort());
    for (const step of manifest.steps) {
      const task = training.tasks[step.name];
      expect(task.type).toBe('BashOperator');
      expect(task.upstream).toEqual([...step.depends_on].sort());
      expect(task.retries).toBe(step.retries ?? 0);
      expect(task.command).toContain(`--step ${step.name}`);
      expect(task.command).toContain('--use-case training');
      expect(task.command).toContain('--run-token "$NBPROMOTE_RUN_TOKEN"');
      // Parameter values reach the shell through the environment, not the command text.
      expect(task.command).toContain('--param data_path="$NBPROMOTE_PARAM_0"');
      expect(task.env.NBPROMOTE_PARAM_0).toBe('{{ params.data_path }}');
      // A verification run's conf brings its own runner token and service URL.
      expect(task.env.NBPROMOTE_CONF_TOKEN).toContain('"nbpromote_runner_token"');
      expect(task.env.NBPROMOTE_CONF_REPORT_TO).toContain('"nbpromote_report_to"');
      expect(task.command).toContain('${NBPROMOTE_REPORT:+--report-to "$NBPROMOTE_REPORT"}');
    }
    expect(training.params).toEqual({
      data_path: 'train.csv',
      label: 'Survived',
      test_size: 0.25,
      n_estimators: 200,
      max_depth: 6,
      random_state: 42
    });
    // Prediction: the steps it runs, predict after preprocess (train is not run).
    const prediction = result.dags[`${pkg}_prediction`];
    expect(Object.keys(prediction.tasks).sort()).toEqual(['extract', 'predict', 'preprocess']);
    expect(prediction.tasks.predict.upstream).toContain('preprocess');
    expect(prediction.tasks.predict.upstream).not.toContain('train');
    expect(Object.keys(result.dags[`${pkg}_evaluation`].tasks)).toEqual(['evaluate']);
  }, 300000);

  test('kubernetes mode: pods of the bundle image with each step resources', async () => {
    const result = await loadDags(python(), {
      NBPROMOTE_OPERATOR: 'kubernetes',
      NBPROMOTE_ENV: 'prod',
      NBPROMOTE_REPORT_TO: 'https://nbpromote.example.com'
    });
    expect(result.errors).toEqual({});
    const training = result.dags[`${manifest.package}_training`];
    // The production environment's own parameter values are the DAG's defaults there.
    expect(training.params.data_path).toBe('s3://titanic-data/passengers/train.csv');
    for (const step of manifest.steps) {
      const task = training.tasks[step.name];
      expect(task.type).toBe('KubernetesPodOperator');
      expect(task.image).toBe('localhost:5000/titanic-survival-rf:1.0.0');
      expect(task.cmds).toEqual(['python', '-m', manifest.package]);
      expect(task.upstream).toEqual([...step.depends_on].sort());
      const args: string[] = task.arguments;
      expect(args.slice(0, 8)).toEqual([
        'run-step',
        '--use-case',
        'training',
        '--env',
        'prod',
        '--root',
        's3://titanic-runs',
        '--step'
      ]);
      expect(args).toContain('{{ run_id | run_token }}');
      expect(args).toContain('data_path={{ params.data_path }}');
      expect(task.labels['app.kubernetes.io/managed-by']).toBe('nbpromote');
      // Pods report their runs with the runner token from a secret, never in the arguments.
      expect(args.slice(args.indexOf('--report-to'))[1]).toBe('https://nbpromote.example.com');
      expect(task.env).toEqual([['NBPROMOTE_RUNNER_TOKEN', 'nbpromote-runner']]);
    }
    // train asks for 2 CPUs and 2Gi in the notebook.
    expect(training.tasks.train.requests).toEqual({ cpu: '2', memory: '2Gi' });
    expect(training.tasks.train.retries).toBe(1);
    expect(training.tasks.train.volumes).toEqual([]);

    // Kale's per-step settings: requests, GPU and other limits, image, annotations, labels;
    // the notebook's volumes in every pod.
    const kale = result.dags.titanic_kale_training.tasks;
    expect(kale.train).toMatchObject({
      image: 'registry.example.com/gpu-train:2',
      requests: { cpu: '500m', memory: '4Gi' },
      limits: { 'nvidia.com/gpu': '1', memory: '8Gi' },
      annotations: { 'example.com/team': 'ml' },
      labels: { tier: 'gpu', 'app.kubernetes.io/managed-by': 'nbpromote' }
    });
    for (const step of manifest.order) {
      expect(kale[step].volumes).toEqual(['shared-data']);
      expect(kale[step].mounts).toEqual(['/data']);
    }
    expect(kale.extract.image).toBe('localhost:5000/titanic-survival-rf:1.0.0');
  }, 300000);
});
