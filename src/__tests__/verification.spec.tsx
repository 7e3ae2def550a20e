import { nullTranslator } from '@jupyterlab/translation';
import * as React from 'react';
import { act } from 'react';
import { ServiceClient } from '../client/serviceClient';
import type { Verification, VerificationRun } from '../client/types';
import { buildRows, keyOfCellId, rowOfCell } from '../review/rows';
import { stepCellIds } from '../review/stepCells';
import { VerificationSection } from '../review/VerificationSection';
import { VerificationModel, stateLabel, verdictLine } from '../review/verificationModel';
import { reactRootPerTest } from './reactRoot';
import { cell, notebookDiff } from './reviewFixtures';

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

/** Server-Sent Events as the service writes them: `event: verification` for request `id`. */
const changed = (requestId: number, status = 'running') =>
  `event: verification\ndata: ${JSON.stringify({ requestId, runId: 3, revision: 1, status, at: 'x' })}\n\n`;

/**
 * A service answering the verification routes from a list of answers, one per GET, and an
 * event stream the test writes to (`send`) and ends (`drop`: the client reconnects).
 */
function service(answers: Verification[]) {
  const calls: string[] = [];
  let push: ((chunk: string | null) => void) | null = null;
  const backlog: (string | null)[] = [];
  const send = (chunk: string | null) => (push ? push(chunk) : backlog.push(chunk));
  const body = (signal?: AbortSignal | null) => {
    const encoder = new TextEncoder();
    return {
      getReader: () => ({
        read: () =>
          new Promise<ReadableStreamReadResult<Uint8Array>>((resolve, reject) => {
            signal?.addEventListener('abort', () => reject(new Error('aborted')));
            const deliver = (chunk: string | null) => {
              push = null;
              resolve(
                chunk === null
                  ? { done: true, value: undefined }
                  : { done: false, value: encoder.encode(chunk) }
              );
            };
            if (backlog.length > 0) {
              deliver(backlog.shift()!);
            } else {
              push = deliver;
            }
          })
      })
    };
  };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const key = `${init?.method ?? 'GET'} ${new URL(String(input)).pathname.replace('/nbpromote/api/v1', '')}`;
    calls.push(key);
    if (key === 'GET /events') {
      return { ok: true, body: body(init?.signal) } as unknown as Response;
    }
    if (key === 'GET /promotions/7/verification') {
      return new Response(JSON.stringify(answers.length > 1 ? answers.shift() : answers[0]));
    }
    if (key === 'POST /promotions/7/verification') {
      return new Response(JSON.stringify(run({ status: 'queued' })), { status: 201 });
    }
    if (key === 'POST /promotions/7/verification/cancel') {
      return new Response(
        JSON.stringify({ error: { code: 'conflict', message: 'Nothing to cancel.' } }),
        { status: 409 }
      );
    }
    return new Response(JSON.stringify({ error: { code: 'not_found', message: key } }), {
      status: 404
    });
  };
  const client = new ServiceClient({ baseUrl: 'http://lab/nbpromote', fetch, retryMs: 5 });
  const gets = () => calls.filter(c => c === 'GET /promotions/7/verification').length;
  return { client, calls, gets, send, drop: () => send(null) };
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  expect(done()).toBe(true);
};

describe('the verification model', () => {
  it('asks again when its request’s runs change on the event stream, and never polls', async () => {
    const queued = run({ status: 'queued' });
    const running = run({ status: 'running', step: { name: 'train', index: 3, total: 5 } });
    const svc = service([
      { enabled: true, revision: 1, runs: [queued] },
      { enabled: true, revision: 1, runs: [running] },
      { enabled: true, revision: 1, runs: [run()] }
    ]);
    const model = new VerificationModel({ client: svc.client, id: 7 });
    model.start();
    // The stream opening is a reason to ask: whatever happened before was not heard.
    await until(() => model.latest?.status === 'queued');
    // A run that is going is not asked for again by itself.
    await new Promise(r => setTimeout(r, 80));
    expect(svc.gets()).toBe(1);
    // Another request's run changed: nothing to ask.
    svc.send(changed(8));
    await new Promise(r => setTimeout(r, 30));
    expect(svc.gets()).toBe(1);
    svc.send(changed(7));
    await until(() => model.latest?.status === 'running');
    expect(stateLabel(model.latest!)).toBe('running step 3 of 5 (train)');
    svc.send(changed(7, 'passed'));
    await until(() => model.latest?.status === 'passed');
    expect(svc.gets()).toBe(3);
    model.dispose();
    svc.send(changed(7, 'queued'));
    await new Promise(r => setTimeout(r, 30));
    expect(svc.gets()).toBe(3);
  });

  it('asks again when the stream reopens, and once more after a burst, never out of date', async () => {
    const svc = service([
      { enabled: true, revision: 1, runs: [run({ status: 'running' })] },
      { enabled: true, revision: 1, runs: [run({ status: 'running' })] },
      { enabled: true, revision: 1, runs: [run({ status: 'running' })] },
      { enabled: true, revision: 1, runs: [run()] }
    ]);
    const model = new VerificationModel({ client: svc.client, id: 7 });
    model.start();
    await until(() => svc.gets() === 1);
    // The run ends while the stream is down: the reconnect finds out.
    svc.drop();
    await until(() => svc.gets() === 2);
    expect(svc.calls.filter(c => c === 'GET /events')).toHaveLength(2);
    // Five steps at once: a request in flight, then one more for what came meanwhile.
    svc.send(changed(7).repeat(5));
    await until(() => model.latest?.status === 'passed');
    await new Promise(r => setTimeout(r, 30));
    expect(svc.gets()).toBe(4);
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
    // A refused action says why, after the runs were read afresh.
    await model.cancel();
    expect(model.error).toBe('Nothing to cancel.');
    expect(calls.slice(-2)).toEqual([
      'POST /promotions/7/verification/cancel',
      'GET /promotions/7/verification'
    ]);
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

  it('links a failed step to its cells in the review, by the keyboard too', async () => {
    // Revision 2 as compared with revision 1: the step's first cell is unchanged (folded).
    const diff = notebookDiff([
      cell('unchanged', 'imports'),
      cell('unchanged', 'split', { headStep: 'train', baseStep: 'train' }),
      cell('modified', 'fit', { headStep: 'train', baseStep: 'train' }),
      cell('unchanged', 'notes', { headStep: 'train', cellType: 'markdown' }),
      cell('removed', 'old', { baseStep: 'train' }),
      cell('unchanged', 'score', { headStep: 'evaluate', baseStep: 'evaluate' })
    ]);
    expect(stepCellIds(diff, 'train')).toEqual(['split', 'fit']);
    expect(stepCellIds(diff, 'predict')).toEqual([]);
    // Where the link lands is folded at first; the fold that holds it opens.
    const rows = buildRows(diff);
    const target = keyOfCellId(diff, 'split')!;
    const fold = rowOfCell(rows, target)!;
    expect(fold.kind).toBe('fold');
    expect(rowOfCell(buildRows(diff, { expanded: new Set([fold.key]) }), target)?.kind).toBe(
      'cell'
    );

    const failedRun = (revision: number) =>
      run({
        revision,
        status: 'failed',
        reason: "step 'train' failed: ValueError: bad",
        log: 'Traceback (most recent call last):\nValueError: bad',
        result: { ...run().result!, failedStep: 'train', comparison: null }
      });
    const { client } = service([{ enabled: true, revision: 2, runs: [failedRun(2)] }]);
    const model = new VerificationModel({ client, id: 7 });
    await model.load();
    const went: string[] = [];
    // As the review wires it: only a run of the revision compared has its cells there.
    const render = (comparedHead: number) =>
      act(() =>
        mounted.root.render(
          <VerificationSection
            model={model}
            me={{ name: 'bob', role: 'data-scientist' } as never}
            author="ada"
            required={false}
            steps={{
              cellsOf: (step, revision) =>
                revision === comparedHead ? stepCellIds(diff, step) : [],
              goTo: id => went.push(id)
            }}
            trans={trans}
          />
        )
      );
    render(2);
    const line = () => mounted.container.querySelector('.jp-nbpromote-Verification-failedStep')!;
    expect(line().textContent).toBe('Failed step train cell splitcell fit');
    const buttons = [...line().querySelectorAll('button')];
    // Buttons: reachable with Tab and pressed with Enter or Space, as any button.
    expect(buttons.map(b => [b.textContent, b.type])).toEqual([
      ['train', 'button'],
      ['cell split', 'button'],
      ['cell fit', 'button']
    ]);
    act(() => buttons[0].click());
    act(() => buttons[2].click());
    expect(went).toEqual(['split', 'fit']);

    // The review compares revision 3 now: the step is named, not linked.
    render(3);
    expect(line().textContent).toBe('Failed step train ');
    expect(line().querySelector('button')).toBeNull();
    expect(line().querySelector('code')?.textContent).toBe('train');
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
