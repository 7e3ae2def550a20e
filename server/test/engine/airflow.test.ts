import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { buildBundle, writeBundle } from '../../src/engine';
import { FIXTURES, tmpDir } from './support';

const run = promisify(execFile);

/** Python of the Airflow virtualenv that `npm test` prepares (scripts/airflow.sh). */
function airflowPython(): string {
  const fromEnv = process.env.NBPROMOTE_AIRFLOW_PYTHON;
  const fallback = path.resolve(__dirname, '../../../.venv-airflow/bin/python');
  const python = fromEnv || fallback;
  if (!fs.existsSync(python)) {
    throw new Error(
      `No Airflow Python at ${python}: run \`bash scripts/airflow.sh\` (npm test does) or set ` +
        'NBPROMOTE_AIRFLOW_PYTHON.'
    );
  }
  return python;
}

const LOAD_DAGS = `
import json, sys
from airflow.models import DagBag
bag = DagBag(dag_folder=sys.argv[1], include_examples=False)
out = {"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {}}
for dag_id, dag in bag.dags.items():
    out["dags"][dag_id] = {
        "schedule": str(dag.schedule_interval),
        "tasks": {t.task_id: sorted(t.upstream_task_ids) for t in dag.tasks},
        "commands": {t.task_id: t.bash_command for t in dag.tasks},
    }
print(json.dumps(out))
`;

describe('the generated Airflow DAG', () => {
  test('loads in a real DagBag with one task per step and the notebook edges', async () => {
    const dir = tmpDir();
    try {
      const bundle = await buildBundle(
        fs.readFileSync(path.join(FIXTURES, 'ml', 'titanic_pipeline.ipynb')),
        { path: 'examples/titanic_pipeline.ipynb' }
      );
      expect(bundle.ok).toBe(true);
      const out = path.join(dir, 'bundle');
      writeBundle(bundle.files, out);
      const { stdout } = await run(airflowPython(), ['-c', LOAD_DAGS, path.join(out, 'dags')], {
        env: {
          ...process.env,
          AIRFLOW_HOME: path.join(dir, 'airflow'),
          AIRFLOW__CORE__LOAD_EXAMPLES: 'False'
        },
        timeout: 120000
      });
      const result = JSON.parse(stdout.trim().split('\n').pop()!);
      expect(result.errors).toEqual({});
      const dag = result.dags['titanic_survival_rf'];
      expect(dag).toBeDefined();
      const manifest = JSON.parse(bundle.files.get('pipeline.json')!);
      const steps = manifest.steps as { name: string; depends_on: string[] }[];
      expect(Object.keys(dag.tasks).sort()).toEqual(steps.map(s => s.name).sort());
      for (const step of steps) {
        expect(dag.tasks[step.name]).toEqual([...step.depends_on].sort());
        expect(dag.commands[step.name]).toContain('run-step');
        expect(dag.commands[step.name]).toContain(step.name);
      }
      expect(dag.schedule).toBe('0 6 * * 1');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
