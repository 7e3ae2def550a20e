import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildBundle, writeBundle } from '../../src/engine';
import { kubeflowText } from '../../src/engine/bundle/kubeflow';
import type { Manifest } from '../../src/engine/bundle/manifest';
import { FIXTURES, python, tmpDir } from './support';

/** Compiled pipelines are kept here after the run, to read or upload by hand. */
const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/kubeflow');

/** Compile with the real kfp SDK, then read the YAML back as JSON. */
function compile(bundleDir: string, module: string, env: string, out: string) {
  const r = python([path.join(bundleDir, module), '--env', env, '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr);
  const files = r.stdout.trim().split('\n');
  const read = python([
    '-c',
    // A pipeline with Kubernetes settings is two documents: the spec, then its platform part.
    'import json, sys, yaml\n' +
      'def read(f):\n' +
      '    docs = list(yaml.safe_load_all(open(f)))\n' +
      '    return {**docs[0], **(docs[1] if len(docs) > 1 else {})}\n' +
      'print(json.dumps({f: read(f) for f in sys.argv[1:]}))',
    ...files
  ]);
  if (read.code !== 0) throw new Error(read.stderr);
  return JSON.parse(read.stdout) as Record<string, KfpSpec>;
}

interface KfpTask {
  taskInfo: { name: string };
  dependentTasks?: string[];
  cachingOptions?: { enableCache?: boolean };
  retryPolicy?: { maxRetryCount?: number };
  componentRef: { name: string };
  inputs: {
    parameters: Record<string, { componentInputParameter?: string; runtimeValue?: unknown }>;
  };
}
interface KfpSpec {
  root: {
    dag: { tasks: Record<string, KfpTask> };
    inputDefinitions: {
      parameters: Record<string, { parameterType: string; defaultValue?: unknown }>;
    };
  };
  components: Record<string, { executorLabel: string }>;
  deploymentSpec: {
    executors: Record<
      string,
      { container: { image: string; command: string[]; args: unknown[]; resources?: unknown } }
    >;
  };
  platforms?: { kubernetes?: { deploymentSpec: { executors: Record<string, unknown> } } };
}

/** Step name -> its task, and the step names each depends on. */
function steps(spec: KfpSpec) {
  const tasks = spec.root.dag.tasks;
  const stepOf = (key: string) => tasks[key].taskInfo.name;
  return Object.fromEntries(
    Object.values(tasks).map(t => [
      t.taskInfo.name,
      {
        task: t,
        after: (t.dependentTasks ?? []).map(stepOf).sort(),
        executor: spec.deploymentSpec.executors[spec.components[t.componentRef.name].executorLabel]
      }
    ])
  );
}

let dir: string;
let bundleDir: string;
let manifest: Manifest;
beforeAll(async () => {
  dir = tmpDir();
  const bundle = await buildBundle(
    fs.readFileSync(path.join(FIXTURES, 'ml', 'titanic_pipeline.ipynb')),
    { path: 'examples/titanic_pipeline.ipynb' }
  );
  expect(bundle.ok).toBe(true);
  bundleDir = path.join(dir, 'bundle');
  writeBundle(bundle.files, bundleDir);
  manifest = bundle.manifest!;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('kfp compiles one pipeline per use case: a task per step, the manifest edges, typed parameters', () => {
  const out = path.join(ARTIFACTS, 'titanic');
  fs.rmSync(out, { recursive: true, force: true });
  const compiled = compile(bundleDir, manifest.exports.kubeflow, 'dev', out);
  const byUseCase = Object.fromEntries(
    Object.entries(compiled).map(([f, spec]) => [path.basename(f, '.yaml').split('_').pop(), spec])
  );
  expect(Object.keys(byUseCase).sort()).toEqual(['evaluation', 'prediction', 'training']);

  const training = steps(byUseCase.training);
  expect(Object.keys(training).sort()).toEqual([...manifest.order].sort());
  for (const s of manifest.steps) {
    expect({ step: s.name, after: training[s.name].after }).toEqual({
      step: s.name,
      after: [...s.depends_on].sort()
    });
    const container = training[s.name].executor.container;
    expect(container.image).toBe('localhost:5000/titanic-survival-rf:1.0.0');
    expect(container.command).toEqual(['python', '-m', manifest.package]);
    expect(container.args.slice(0, 8)).toEqual([
      'run-step',
      '--use-case',
      "{{$.inputs.parameters['use_case']}}",
      '--env',
      "{{$.inputs.parameters['env']}}",
      '--step',
      s.name,
      '--root'
    ]);
    // The run token and the storage root come from the pipeline's inputs.
    const inputs = training[s.name].task.inputs.parameters;
    expect(inputs.run_token.componentInputParameter).toBe('run_token');
    expect(inputs.root.componentInputParameter).toBe('root');
    // Each step gets the notebook parameters it reads, from the pipeline parameters.
    for (const p of s.parameters) expect(inputs[p].componentInputParameter).toBe(p);
    const others = manifest.parameters.map(p => p.name).filter(p => !s.parameters.includes(p));
    for (const p of others) expect(inputs[p]).toBeUndefined();
  }
  // train asks for 2 CPUs and 2Gi, and one retry, in its cell settings.
  expect(training.train.executor.container.resources).toMatchObject({
    resourceCpuRequest: '2',
    resourceMemoryRequest: '2Gi'
  });
  expect(training.extract.executor.container.resources).toBeUndefined();
  expect(training.train.task.retryPolicy?.maxRetryCount).toBe(1);

  const params = byUseCase.training.root.inputDefinitions.parameters;
  expect(params).toMatchObject({
    run_token: { parameterType: 'STRING', defaultValue: '' },
    root: { parameterType: 'STRING', defaultValue: '/tmp/nbpromote' },
    data_path: { parameterType: 'STRING', defaultValue: 'train.csv' },
    test_size: { parameterType: 'NUMBER_DOUBLE', defaultValue: 0.25 },
    n_estimators: { parameterType: 'NUMBER_INTEGER', defaultValue: 200 }
  });

  // Prediction runs without train, in the manifest's order.
  const prediction = steps(byUseCase.prediction);
  expect(Object.keys(prediction).sort()).toEqual(['extract', 'predict', 'preprocess']);
  expect(prediction.predict.after).not.toContain('train');
  expect(prediction.predict.after).toContain('preprocess');
}, 300000);

test('production defaults, GPUs, limits, caching, annotations and labels reach the pipeline', () => {
  const m: Manifest = JSON.parse(JSON.stringify(manifest));
  const train = m.steps.find(s => s.name === 'train')!;
  train.resources = { cpu: '500m', memory: '4Gi', gpu: 2 };
  train.limits = { memory: '8Gi' };
  train.cache = false;
  train.annotations = { 'example.com/team': 'ml' };
  train.labels = { tier: 'gpu' };
  m.volumes = [{ name: 'shared-data', mount_point: '/data', type: 'pvc' }];
  const module = path.join(bundleDir, 'kubeflow', 'gpu_pipeline.py');
  fs.writeFileSync(module, kubeflowText(m));
  const out = path.join(ARTIFACTS, 'titanic-gpu-prod');
  fs.rmSync(out, { recursive: true, force: true });
  const compiled = compile(bundleDir, path.relative(bundleDir, module), 'prod', out);
  const spec = Object.entries(compiled).find(([f]) => f.endsWith('_training.yaml'))![1];
  const training = steps(spec);
  expect(training.train.executor.container.resources).toMatchObject({
    resourceCpuRequest: '500m',
    resourceMemoryRequest: '4Gi',
    resourceMemoryLimit: '8Gi',
    accelerator: { resourceType: 'nvidia.com/gpu', resourceCount: '2' }
  });
  expect(training.train.task.cachingOptions?.enableCache ?? false).toBe(false);
  expect(training.extract.task.cachingOptions?.enableCache).toBe(true);
  expect(training.train.task.inputs.parameters.env).toEqual({
    runtimeValue: { constant: 'prod' }
  });
  expect(spec.root.inputDefinitions.parameters).toMatchObject({
    data_path: { defaultValue: 's3://titanic-data/passengers/train.csv' },
    root: { defaultValue: 's3://titanic-runs' }
  });
  const pod = JSON.stringify(spec.platforms?.kubernetes?.deploymentSpec.executors ?? {});
  expect(pod).toContain('"example.com/team":"ml"');
  expect(pod).toContain('"tier":"gpu"');
  // Kale's notebook volumes are mounted into every step.
  const mounts = Object.values(spec.platforms!.kubernetes!.deploymentSpec.executors).map(e =>
    JSON.stringify(e)
  );
  expect(mounts).toHaveLength(manifest.order.length);
  for (const e of mounts)
    expect(e).toMatch(/"mountPath":"\/data".*"shared-data"|"shared-data".*"mountPath":"\/data"/);
}, 300000);
