// Tell React this is a test environment so act() flushes updates without warnings.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { act } from 'react';
import type { PreviewResult } from '../client/types';
import { PromoteDialogBody } from '../promote/PromoteDialogBody';
import type { PromoteChoices } from '../promote/promoteForm';
import { reactRootPerTest } from './reactRoot';

const trans = nullTranslator.load('nbpromote');

function preview(env: string, errors: number): PreviewResult {
  return {
    steps: [],
    parameters: [],
    metrics: [],
    problems: Array.from({ length: errors }, (_, i) => ({
      severity: 'error' as const,
      code: 'undefined_name',
      message: `name "x${i}" is not defined`,
      cell: 3
    })),
    files: errors
      ? {}
      : { 'pkg/step_train.py': 'def run(ctx):\n    pass\n', 'pipeline.json': '{}' },
    project: 'demo',
    algorithm: 'titanic',
    environment: env as PreviewResult['environment'],
    version: '1.1.0',
    versionFrom: 'bump',
    currentVersion: '1.0.0',
    diff: { added: ['pkg/step_train.py'], removed: [], changed: ['pipeline.json'] }
  };
}

describe('PromoteDialogBody', () => {
  const mounted = reactRootPerTest();
  const initial: PromoteChoices = {
    environment: 'dev',
    bump: 'minor',
    title: 'T',
    description: ''
  };

  const submitButton = () =>
    mounted.container.querySelector('.jp-nbpromote-PromoteDialog-submit') as HTMLButtonElement;

  it("lists the parameter values of the chosen environment's runs", async () => {
    await act(async () => {
      mounted.root.render(
        <PromoteDialogBody
          initial={{ ...initial, environment: 'prod' }}
          trans={trans}
          describe={String}
          loadPreview={async env => ({
            ...preview(env, 0),
            runParameters: [
              { name: 'data_path', value: 's3://runs/train.csv', from: 'environment' },
              { name: 'n_estimators', value: 100, from: 'default' }
            ]
          })}
          cancel={() => undefined}
          submit={async () => undefined}
        />
      );
    });
    const section = mounted.container.querySelector('.jp-nbpromote-PromoteDialog-parameters');
    expect(section?.querySelector('h3')?.textContent).toBe('Parameters in prod');
    const items = [...(section?.querySelectorAll('li') ?? [])].map(li => li.textContent);
    expect(items).toEqual([
      'data_path = "s3://runs/train.csv" (set for prod)',
      'n_estimators = 100 (notebook default)'
    ]);
  });

  it('shows the preview, reads a file, and submits the choices', async () => {
    const submitted: PromoteChoices[] = [];
    const asked: string[] = [];
    await act(async () => {
      mounted.root.render(
        <PromoteDialogBody
          initial={initial}
          trans={trans}
          describe={String}
          loadPreview={async (env, bump) => {
            asked.push(`${env}/${bump}`);
            return preview(env, 0);
          }}
          cancel={() => undefined}
          submit={async c => {
            submitted.push(c);
          }}
        />
      );
    });
    expect(mounted.container.textContent).toContain('demo/titanic version 1.1.0 to dev');
    expect(mounted.container.textContent).toContain('1 added, 1 changed, 0 removed');
    expect(mounted.container.textContent).toContain('All checks pass.');
    const file = mounted.container.querySelector(
      '[data-path="pkg/step_train.py"]'
    ) as HTMLButtonElement;
    await act(async () => file.click());
    expect(mounted.container.querySelector('.jp-nbpromote-FileContent')!.textContent).toContain(
      'def run(ctx)'
    );

    const env = mounted.container.querySelector('select[aria-label="Target environment"]')!;
    await act(async () => {
      (env as HTMLSelectElement).value = 'stage';
      env.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(asked).toEqual(['dev/minor', 'stage/minor']);
    expect(submitButton().disabled).toBe(false);
    await act(async () => submitButton().click());
    expect(submitted).toEqual([{ ...initial, environment: 'stage' }]);
  });

  it('cannot submit with blocking problems and says why', async () => {
    await act(async () => {
      mounted.root.render(
        <PromoteDialogBody
          initial={initial}
          trans={trans}
          describe={String}
          loadPreview={async env => preview(env, 2)}
          cancel={() => undefined}
          submit={async () => {
            throw new Error('must not be called');
          }}
        />
      );
    });
    expect(submitButton().disabled).toBe(true);
    expect(mounted.container.textContent).toContain('2 blocking problems must be fixed');
    expect(mounted.container.textContent).toContain('name "x1" is not defined');
  });

  it('shows a service error instead of the preview', async () => {
    await act(async () => {
      mounted.root.render(
        <PromoteDialogBody
          initial={initial}
          trans={trans}
          describe={r => (r as Error).message}
          loadPreview={async () => {
            throw new Error('The nbpromote service at http://x is not reachable.');
          }}
          cancel={() => undefined}
          submit={async () => undefined}
        />
      );
    });
    expect(mounted.container.querySelector('[role="alert"]')!.textContent).toMatch(/not reachable/);
    expect(submitButton().disabled).toBe(true);
  });

  it('lists each rule for the chosen environment and disables Submit on a failing one', async () => {
    const withRules = (env: string): PreviewResult => ({
      ...preview(env, 0),
      rules: {
        environment: env as PreviewResult['environment'],
        rulesVersion: 2,
        passed: env !== 'prod',
        wouldPassAll: env !== 'prod',
        failing: env === 'prod' ? ['two-reviews', 'accuracy'] : [],
        results:
          env === 'prod'
            ? [
                {
                  id: 'two-reviews',
                  type: 'review',
                  enforcement: 'active',
                  result: 'fail',
                  status: 'fail',
                  message: 'needs 2 more approvals from reviewers',
                  reasons: ['needs 2 more approvals from reviewers']
                },
                {
                  id: 'accuracy',
                  type: 'metric',
                  enforcement: 'active',
                  result: 'fail',
                  status: 'fail',
                  message: 'accuracy 0.71 is below 0.8 (cell 9 output)',
                  reasons: ['accuracy 0.71 is below 0.8 (cell 9 output)']
                }
              ]
            : [
                {
                  id: 'no-secrets',
                  type: 'secrets',
                  enforcement: 'active',
                  result: 'pass',
                  status: 'pass',
                  message: 'no secrets found',
                  reasons: []
                }
              ]
      }
    });
    await act(async () => {
      mounted.root.render(
        <PromoteDialogBody
          initial={initial}
          trans={trans}
          describe={String}
          loadPreview={async env => withRules(env)}
          cancel={() => undefined}
          submit={async () => undefined}
        />
      );
    });
    const rules = () => mounted.container.querySelector('.jp-nbpromote-PromoteDialog-rules')!;
    expect(rules().textContent).toContain('Rules for dev (version 2)');
    expect(rules().querySelector('[data-rule-id="no-secrets"]')!.textContent).toContain('pass');
    expect(submitButton().disabled).toBe(false);

    const env = mounted.container.querySelector('select[aria-label="Target environment"]')!;
    await act(async () => {
      (env as HTMLSelectElement).value = 'prod';
      env.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(rules().querySelector('[data-rule-id="two-reviews"]')!.textContent).toContain(
      'needs 2 more approvals from reviewers'
    );
    expect(rules().querySelector('[data-rule-id="accuracy"]')!.textContent).toContain('fail');
    expect(submitButton().disabled).toBe(true);
    expect(submitButton().title).toBe('Rule accuracy: accuracy 0.71 is below 0.8 (cell 9 output)');
  });
  it('asks for the rule results again when the rules in force change, and stops watching when closed', async () => {
    let notify: (() => void) | null = null;
    let stopped = 0;
    let loads = 0;
    await act(async () => {
      mounted.root.render(
        <PromoteDialogBody
          initial={{ ...initial, environment: 'prod' }}
          trans={trans}
          describe={String}
          loadPreview={async env => {
            loads++;
            return {
              ...preview(env, 0),
              rules: {
                environment: 'prod',
                rulesVersion: loads,
                passed: true,
                results: []
              } as unknown as PreviewResult['rules']
            };
          }}
          watchRules={onChange => {
            notify = onChange;
            return () => stopped++;
          }}
          submit={async () => undefined}
          cancel={() => undefined}
        />
      );
    });
    expect(loads).toBe(1);
    await act(async () => notify?.());
    expect(loads).toBe(2);
    expect(
      mounted.container.querySelector('.jp-nbpromote-PromoteDialog-rules')?.textContent
    ).toContain('version 2');
    act(() => mounted.root.unmount());
    expect(stopped).toBe(1);
  });
});
