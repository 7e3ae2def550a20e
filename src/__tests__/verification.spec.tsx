import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { act } from 'react';
import { ServiceClient } from '../client/serviceClient';
import type { Verification, VerificationRun } from '../client/types';
import { VerificationSection } from '../review/VerificationSection';
import { VerificationModel, stateLabel, verdictLine } from '../review/verificationModel';
import { reactRootPerTest } from './reactRoot';

const trans = nullTranslator.load('nbpromote');

function run(extra: Partial<VerificationRun> = {}): VerificationRun {
  return {
    id: 3,
    revision: 1,
    environment: 'dev',
    useCase: 'training',
    executor: 'local',
    status: 'passed',
    reason: null,
    step: null,
    requestedBy: 'ada',
    queuedAt: '2026-12-07T10:00:00Z',
    startedAt: '2026-12-07T10:00:01Z',
    endedAt: '2026-12-07T10:00:09Z',
    stale: false,
    log: 'run ok',
    result: {
      isolation: 'landlock abi 7',
      failedStep: null,
      steps: [],
      runMetrics: { accuracy: 0.7758 },
      comparison: {
        passed: true,
        metrics: [
          {
            name: 'accuracy',
            notebook: 0.7758,
            run: 0.7758,
            difference: 0,
            tolerance: { absolute: 0, relative: 1e-9 },
            within: true,
            status: 'equal',
            message: 'accuracy 0.7758 = 0.7758'
          }
        ],
        missing: [],
        extra: [],
        seedHint: null,
        summary: 'accuracy 0.7758 = 0.7758'
      }
    },
    ...extra
  };
}

/** A service answering the verification routes from a list of answers, one per GET. */
function service(answers: Verification[]) {
  const calls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const key = `${init?.method ?? 'GET'} ${new URL(String(input)).pathname.replace('/nbpromote/api/v1', '')}`;
    calls.push(key);
    if (key === 'GET /promotions/7/verification') {
      return new Response(JSON.stringify(answers.length > 1 ? answers.shift() : answers[0]));
    }
    if (key === 'POST /promotions/7/verification') {
      return new Response(JSON.stringify(run({ status: 'queued' })), { status: 201 });
    }
    return new Response(JSON.stringify({ error: { code: 'not_found', message: key } }), {
      status: 404
    });
  };
  return { client: new ServiceClient({ baseUrl: 'http://lab/nbpromote', fetch }), calls };
}

describe('the verification model', () => {
  it('asks again while the run is going and stops once it ended', async () => {
    const running = run({ status: 'running', step: { name: 'train', index: 3, total: 5 } });
    const { client, calls } = service([
      { enabled: true, revision: 1, runs: [running] },
      { enabled: true, revision: 1, runs: [run()] }
    ]);
    const model = new VerificationModel({ client, id: 7, pollMs: 10 });
    await model.load();
    expect(stateLabel(model.latest!)).toBe('running step 3 of 5 (train)');
    await new Promise(r => setTimeout(r, 100));
    expect(model.latest!.status).toBe('passed');
    const gets = calls.filter(c => c.startsWith('GET')).length;
    await new Promise(r => setTimeout(r, 60));
    expect(calls.filter(c => c.startsWith('GET')).length).toBe(gets);
    model.dispose();
  });

  it('says the verdict as the rule does, and who may act', async () => {
    expect(verdictLine(run())).toBe('reproduces: pass (accuracy 0.7758 = 0.7758)');
    expect(
      verdictLine(run({ status: 'failed', reason: 'accuracy: notebook 0.78, run 0.7758' }))
    ).toBe('reproduces: fail (accuracy: notebook 0.78, run 0.7758)');
    expect(verdictLine(run({ status: 'queued' }))).toBeNull();
    const { client, calls } = service([{ enabled: true, revision: 1, runs: [run()] }]);
    const model = new VerificationModel({ client, id: 7 });
    expect(model.mayAct({ name: 'ada', role: 'data-scientist' } as never, 'ada')).toBe(true);
    expect(model.mayAct({ name: 'bob', role: 'data-scientist' } as never, 'ada')).toBe(false);
    expect(model.mayAct({ name: 'linus', role: 'reviewer' } as never, 'ada')).toBe(true);
    await model.runAgain();
    expect(calls).toContain('POST /promotions/7/verification');
    model.dispose();
  });
});

describe('the Verification section', () => {
  const mounted = reactRootPerTest();

  it('shows the verdict, the metrics side by side, and Run again for a reviewer', async () => {
    const { client } = service([{ enabled: true, revision: 2, runs: [run({ stale: true })] }]);
    const model = new VerificationModel({ client, id: 7 });
    await model.load();
    act(() =>
      mounted.root.render(
        <VerificationSection
          model={model}
          me={{ name: 'linus', role: 'reviewer' } as never}
          author="ada"
          required={false}
          trans={trans}
        />
      )
    );
    const text = mounted.container.textContent ?? '';
    expect(text).toContain('reproduces: pass (accuracy 0.7758 = 0.7758)');
    expect(text).toContain('stale: a later revision exists');
    const cells = [...mounted.container.querySelectorAll('tbody td')].map(td => td.textContent);
    expect(cells).toEqual(['accuracy', '0.7758', '0.7758', '0', 'yes']);
    expect(mounted.container.querySelector('button')?.textContent).toBe('Run again');
    model.dispose();
  });

  it('shows a failed step’s log as text and no buttons for someone else', async () => {
    const failed = run({
      status: 'failed',
      reason: "step 'train' failed: ValueError: bad",
      log: 'Traceback (most recent call last):\n<b>ValueError</b>: bad',
      result: { ...run().result!, failedStep: 'train', comparison: null }
    });
    const { client } = service([{ enabled: true, revision: 1, runs: [failed] }]);
    const model = new VerificationModel({ client, id: 7 });
    await model.load();
    act(() =>
      mounted.root.render(
        <VerificationSection
          model={model}
          me={{ name: 'bob', role: 'data-scientist' } as never}
          author="ada"
          required={false}
          trans={trans}
        />
      )
    );
    const pre = mounted.container.querySelector('pre')!;
    expect(pre.textContent).toContain('<b>ValueError</b>: bad');
    expect(pre.querySelector('b')).toBeNull();
    expect(mounted.container.textContent).toContain('Log (failed step train)');
    expect(mounted.container.querySelector('button')).toBeNull();
    model.dispose();
  });

  it('is left out when runs are off, none was made and no rule asks for one', async () => {
    const { client } = service([{ enabled: false, revision: 1, runs: [] }]);
    const model = new VerificationModel({ client, id: 7 });
    await model.load();
    const render = (required: boolean) =>
      act(() =>
        mounted.root.render(
          <VerificationSection
            model={model}
            me={{ name: 'linus', role: 'reviewer' } as never}
            author="ada"
            required={required}
            trans={trans}
          />
        )
      );
    render(false);
    expect(mounted.container.querySelector('.jp-nbpromote-Verification')).toBeNull();
    render(true);
    expect(mounted.container.textContent).toContain(
      'Verification runs are switched off on this service.'
    );
    model.dispose();
  });
});
