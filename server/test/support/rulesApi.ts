/**
 * What the rules API tests share: a small pipeline with a metric, the prod rules the tests
 * save, and helpers to submit, save rules and read the artifact repository.
 */
import { execFileSync } from 'node:child_process';
import type { ApiClient, TestApi } from './api';

export function pipeline(accuracy: number, extraSource = ''): Record<string, unknown> {
  const code = (id: string, tags: string[], source: string, outputs: unknown[] = []) => ({
    cell_type: 'code',
    id,
    metadata: { tags },
    source,
    outputs,
    execution_count: null
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { nbpromote: { project: 'shop', algorithm: 'churn', owner: 'ada' } },
    cells: [
      code('train', ['step:train'], `weights = [1, 2, 3]${extraSource}`),
      code('evaluate', ['step:evaluate'], 'accuracy = sum(weights) / 7'),
      code('metrics', ['pipeline-metrics'], 'print(f"accuracy: {accuracy}")', [
        { output_type: 'stream', name: 'stdout', text: [`accuracy: ${accuracy}\n`] }
      ])
    ]
  };
}

export const PROD_RULES = {
  schemaVersion: 1,
  defaults: { rules: [{ id: 'no-secrets', type: 'secrets' }] },
  environments: {
    prod: {
      rules: [
        { id: 'two-approvals', type: 'review', parameters: { approvals: 2 } },
        {
          id: 'accuracy',
          type: 'metric',
          message: 'Production models must be accurate.',
          parameters: { metric: 'accuracy', operator: '>=', value: 0.8 }
        },
        {
          id: 'try-f1',
          type: 'metric',
          enforcement: 'evaluate',
          parameters: { metric: 'f1', operator: '>=', value: 0.5 }
        }
      ]
    }
  }
};

export function rulesHelpers(t: { api: TestApi; ada: ApiClient; grace: ApiClient }) {
  const { api, ada, grace } = t;

  function git(...args: string[]): string {
    return execFileSync('git', args, { cwd: api.services.repo.dir, encoding: 'utf8' }).trim();
  }

  async function submit(nb: Record<string, unknown>, environment: string): Promise<number> {
    const res = await ada.post('/promotions', { path: 'churn.ipynb', notebook: nb, environment });
    expect(res.status).toBe(201);
    return res.body.id as number;
  }

  async function saveRules(
    document: unknown,
    message = 'Prod: two approvals and an accuracy gate'
  ) {
    const res = await grace.put('/rules', { document, message });
    expect(res.status).toBe(200);
    return res.body as { version: number; warnings: unknown[] };
  }
  return { git, submit, saveRules };
}
