import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { buildBundle, type Bundle } from '../../src/engine';
import { loadSchema } from '../../src/schemaDir';
import { CORPUS, FIXTURES, cli, corpus, python, tmpDir } from './support';

const FIXTURE = path.join(FIXTURES, 'ml', 'titanic_pipeline.ipynb');
let dir: string;
beforeAll(() => {
  dir = tmpDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function listFiles(root: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory() ? listFiles(root, path.join(rel, e.name)) : [path.join(rel, e.name)]
    )
    .sort();
}

async function bundleOf(file: string, rel: string): Promise<Bundle> {
  const b = await buildBundle(fs.readFileSync(file), { path: rel });
  if (!b.ok) throw new Error(`${rel}: ${JSON.stringify(b.problems)}`);
  return b;
}

describe('artifact bundle', () => {
  test('the same notebook gives the same bytes, in memory and on disk', async () => {
    const a = await bundleOf(FIXTURE, 'examples/titanic_pipeline.ipynb');
    const b = await bundleOf(FIXTURE, 'examples/titanic_pipeline.ipynb');
    expect([...a.files.entries()]).toEqual([...b.files.entries()]);
    const out1 = path.join(dir, 'one');
    const out2 = path.join(dir, 'two');
    expect((await cli('convert', FIXTURE, '--out', out1)).code).toBe(0);
    expect((await cli('convert', FIXTURE, '--out', out2)).code).toBe(0);
    const files = listFiles(out1);
    expect(listFiles(out2)).toEqual(files);
    for (const f of files) {
      expect(fs.readFileSync(path.join(out2, f))).toEqual(fs.readFileSync(path.join(out1, f)));
    }
    // Converting again over a previous bundle replaces it whole.
    expect((await cli('convert', FIXTURE, '--out', out1)).code).toBe(0);
    expect(listFiles(out1)).toEqual(files);
  });

  test('layout, manifest and model card of the example', async () => {
    const b = await bundleOf(FIXTURE, 'examples/titanic_pipeline.ipynb');
    const pkg = 'titanic_survival_rf';
    expect([...b.files.keys()]).toEqual([
      'Dockerfile',
      'README.md',
      'dags/titanic_survival_rf_evaluation_dag.py',
      'dags/titanic_survival_rf_prediction_dag.py',
      'dags/titanic_survival_rf_training_dag.py',
      'kubeflow/titanic_survival_rf_pipeline.py',
      'notebook.ipynb',
      'pipeline.json',
      'requirements.txt',
      `${pkg}/__init__.py`,
      `${pkg}/__main__.py`,
      `${pkg}/_formats.py`,
      `${pkg}/_params.py`,
      `${pkg}/_params_cli.py`,
      `${pkg}/_records.py`,
      `${pkg}/_runtime.py`,
      `${pkg}/_setup.py`,
      `${pkg}/step_evaluate.py`,
      `${pkg}/step_extract.py`,
      `${pkg}/step_predict.py`,
      `${pkg}/step_preprocess.py`,
      `${pkg}/step_train.py`
    ]);
    const m = JSON.parse(b.files.get('pipeline.json')!);
    const ajv = new Ajv({ strict: false });
    ajv.addSchema(loadSchema('cell-metadata.schema.json'), 'cell-metadata.schema.json');
    const validate = ajv.compile(loadSchema('pipeline.schema.json'));
    expect(validate.errors ?? validate(m)).toBe(true);
    expect(m).toMatchObject({
      name: 'titanic-survival-rf',
      project: 'titanic',
      algorithm: 'survival-rf',
      version: '1.0.0',
      owner: 'data-science@example.com',
      schedule: '0 6 * * 1',
      source: { path: 'examples/titanic_pipeline.ipynb' },
      order: ['extract', 'preprocess', 'train', 'predict', 'evaluate'],
      use_cases: {
        training: ['extract', 'preprocess', 'train', 'predict', 'evaluate'],
        prediction: ['extract', 'preprocess', 'predict'],
        evaluation: ['evaluate']
      },
      metrics: [
        { name: 'accuracy', step: 'evaluate' },
        { name: 'f1', step: 'evaluate' }
      ],
      storage: { layout: '{root}/{project}/{env}/{algorithm}/{version}/{run_token}/{step}/' }
    });
    expect(m.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m).toMatchObject({
      image: 'localhost:5000/titanic-survival-rf:1.0.0',
      python: '3.11',
      operator: 'local',
      schedules: { training: '0 6 * * 1', prediction: '0 7 * * *', evaluation: null },
      environments: {
        dev: { parameters: { data_path: 'train.csv' } },
        prod: { parameters: { data_path: 's3://titanic-data/passengers/train.csv' } }
      },
      exports: {
        airflow: {
          training: `dags/${pkg}_training_dag.py`,
          prediction: `dags/${pkg}_prediction_dag.py`,
          evaluation: `dags/${pkg}_evaluation_dag.py`
        },
        kubeflow: `kubeflow/${pkg}_pipeline.py`,
        dockerfile: 'Dockerfile'
      }
    });
    expect(m.storage.formats).toEqual(['parquet', 'npy', 'joblib', 'cloudpickle']);
    expect(m.parameters).toEqual([
      { name: 'data_path', type: 'str', default: 'train.csv' },
      { name: 'label', type: 'str', default: 'Survived' },
      { name: 'test_size', type: 'float', default: 0.25 },
      { name: 'n_estimators', type: 'int', default: 200 },
      { name: 'max_depth', type: 'int', default: 6 },
      { name: 'random_state', type: 'int', default: 42 }
    ]);
    const train = m.steps.find((s: { name: string }) => s.name === 'train');
    expect(train).toMatchObject({
      module: `${pkg}.step_train`,
      role: 'train',
      inputs: [
        { name: 'features', step: 'preprocess' },
        { name: 'labels', step: 'preprocess' }
      ],
      outputs: ['X_test', 'model', 'y_test'],
      depends_on: ['preprocess'],
      resources: { cpu: 2, memory: '2Gi' },
      retries: 1,
      cells: ['split', 'fit']
    });
    // The runtime's own needs: run storage, and the formats of DataFrames, models, the rest.
    expect(b.files.get('requirements.txt')).toBe(
      'cloudpickle\nfsspec\njoblib\npandas>=2.0\npyarrow\nscikit-learn>=1.3\n'
    );
    const step = b.files.get(`${pkg}/step_train.py`)!;
    expect(step).toContain('def run(ctx):');
    expect(step).toContain("features = ctx.load('preprocess', 'features')");
    expect(step).toMatch(/# cell split\n {4}X_train, X_test/);
    expect(step).toContain("ctx.save('model', model)");
    const readme = b.files.get('README.md')!;
    expect(readme).toContain('data-science@example.com');
    expect(readme).toContain(m.source.sha256);
    const nb = JSON.parse(b.files.get('notebook.ipynb')!);
    const ids = nb.cells.map((c: { id: string }) => c.id);
    expect(ids).toContain('split');
    for (const c of nb.cells.filter((x: { cell_type: string }) => x.cell_type === 'code')) {
      expect(c.outputs).toEqual([]);
      expect(c.execution_count).toBeNull();
    }
  });

  test('generated Python compiles, the DAG included, for the fixture and the corpus', async () => {
    const cases: [string, string][] = [
      [FIXTURE, 'titanic'],
      [corpus('kale/titanic_dataset_ml.ipynb'), 'kale-titanic'],
      [corpus('kale/candies_sharing.ipynb'), 'candies'],
      [corpus('kale/taxicab_pipeline.ipynb'), 'taxicab'],
      [corpus('papermill/simple_input.ipynb'), 'papermill']
    ];
    for (const [file, name] of cases) {
      const b = await bundleOf(file, path.relative(CORPUS, file));
      const out = path.join(dir, `compile-${name}`);
      for (const [rel, text] of b.files) {
        fs.mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
        fs.writeFileSync(path.join(out, rel), text);
      }
      const py = [...b.files.keys()].filter(f => f.endsWith('.py')).map(f => path.join(out, f));
      const r = python(['-m', 'py_compile', ...py]);
      expect({ name, stderr: r.stderr, code: r.code }).toEqual({ name, stderr: '', code: 0 });
      const dag = b.files.get(b.manifest!.exports.airflow.training!)!;
      expect(dag).toContain('BashOperator(');
      expect(dag).toContain('KubernetesPodOperator(');
      expect(dag).toContain("'run-step'");
      for (const s of b.manifest!.order) expect(dag).toContain(`'${s}': {`);
    }
  });

  test('generated ids make a 4.4 notebook a valid 4.5 one, ids stable across runs', async () => {
    const file = corpus('kale/candies_sharing.ipynb');
    const a = await bundleOf(file, 'candies.ipynb');
    const b = await bundleOf(file, 'candies.ipynb');
    expect(a.files.get('notebook.ipynb')).toBe(b.files.get('notebook.ipynb'));
    const out = path.join(dir, 'candies.ipynb');
    fs.writeFileSync(out, a.files.get('notebook.ipynb')!);
    const r = python([
      '-c',
      'import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], 4))',
      out
    ]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(a.files.get('notebook.ipynb')!).nbformat_minor).toBe(5);
    const m = a.manifest!;
    expect(m.steps.find(s => s.name === 'kid3')!.cells).toEqual([
      JSON.parse(a.files.get('notebook.ipynb')!).cells[7].id
    ]);
  });
});
