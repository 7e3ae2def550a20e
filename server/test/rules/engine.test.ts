import { bypass, evaluateRules, type Rule } from '../../src/rules';
import { cell, facts, stream, view } from './facts';

function one(rule: Rule, f = facts()) {
  const e = evaluateRules([rule], f);
  return e.results[0];
}

describe('content rules', () => {
  it('needs steps and metadata, and refuses forbidden patterns where they are', () => {
    const rule: Rule = {
      id: 'c',
      type: 'content',
      parameters: {
        requiredSteps: ['train', 'evaluate'],
        requiredMetadata: [
          { field: 'nbpromote.owner' },
          { field: 'kernelspec.name', pattern: '^python3$' }
        ],
        forbiddenPatterns: [
          { pattern: '^\\s*!pip install', message: 'Install packages through requirements' },
          { pattern: '/home/[a-z]+', message: 'No absolute paths', scope: 'sources_and_outputs' }
        ]
      }
    };
    const nb = view(
      [
        cell(0, 'import os\n!pip install pandas', { step: 'train' }),
        cell(1, 'print(1)', { outputs: [stream(0, 'saved to /home/ada/model.pkl\n')] })
      ],
      { kernelspec: { name: 'ir' } }
    );
    const r = one(rule, facts({ notebook: nb }));
    expect(r.reasons).toEqual([
      'needs a step evaluate (tag a cell step:evaluate)',
      'needs notebook metadata nbpromote.owner',
      'notebook metadata kernelspec.name must match ^python3$',
      'Install packages through requirements: cell 1 (id c1), line 2',
      'No absolute paths: cell 2 (id c2), output 1, line 1'
    ]);
  });

  it('runs admin patterns in linear time: a pattern that backtracks for ever elsewhere ends here', () => {
    const rule: Rule = {
      id: 'c',
      type: 'content',
      parameters: {
        forbiddenPatterns: [{ pattern: '(a+)+$', message: 'no', scope: 'sources_and_outputs' }]
      }
    };
    const text = `${'a'.repeat(30_000)}!`;
    const nb = view([cell(0, text, { outputs: [stream(0, text)] })]);
    const started = Date.now();
    expect(one(rule, facts({ notebook: nb })).result).toBe('pass');
    // A backtracking engine needs about 2^30000 steps for this; RE2 reads the text a few times.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('checks error outputs, pinned requirements and sizes', () => {
    const rule: Rule = {
      id: 'c',
      type: 'content',
      parameters: {
        noErrorOutputs: true,
        requirementsPinned: true,
        maxCells: 1,
        maxNotebookBytes: 500,
        maxOutputBytes: 10
      }
    };
    const nb = view([
      cell(0, 'x', {
        outputs: [
          {
            index: 0,
            outputType: 'error',
            texts: [{ field: 'ename', text: 'KeyError' }],
            bytes: 50,
            isError: true
          }
        ]
      }),
      cell(1, 'y')
    ]);
    nb.requirements = ['pandas==2.2.3', 'scikit-learn>=1.5'];
    const r = one(rule, facts({ notebook: nb }));
    expect(r.reasons).toEqual([
      'cell 1 (id c1) has an error output (KeyError); clear or fix it',
      'requirements not pinned with ==: scikit-learn>=1.5',
      'the notebook is 1000 bytes; the limit is 500',
      'the notebook has 2 cells; the limit is 1',
      'cell 1 (id c1), output 1 is 50 bytes; the limit is 10'
    ]);
  });
});

describe('environment order, metric gates and freeze windows', () => {
  it('needs the same content promoted to the environment before', () => {
    const rule: Rule = { id: 'o', type: 'environment_order' };
    expect(one(rule).message).toBe('Promote this same code to stage first (stage before prod).');
    expect(one(rule, facts({ promotedIn: ['stage'] })).result).toBe('pass');
    expect(one(rule, facts({ environment: 'dev' })).result).toBe('not_applicable');
    const both: Rule = {
      id: 'o',
      type: 'environment_order',
      parameters: { after: ['dev', 'stage'] }
    };
    expect(one(both, facts({ promotedIn: ['stage'] })).reasons).toEqual([
      'promote this same code to dev first (dev before prod)'
    ]);
  });

  const metric = (name: string, value: number) => ({
    name,
    value,
    source: { cell: 5, cellId: 'm1', output: 1, line: 2, field: 'stream' }
  });

  it('gates on a metric value and its source, and fails a missing metric', () => {
    const rule: Rule = {
      id: 'm',
      type: 'metric',
      parameters: { metric: 'accuracy', operator: '>=', value: 0.8 }
    };
    expect(one(rule, facts({ metrics: [metric('accuracy', 0.83)] })).result).toBe('pass');
    expect(one(rule, facts({ metrics: [metric('accuracy', 0.3 - 0.2 + 0.7)] })).result).toBe(
      'pass'
    );
    const low = one(rule, facts({ metrics: [metric('accuracy', 0.71)] }));
    expect(low.message).toBe('Accuracy is 0.71 (cell 5 (id m1), output 1, line 2); needs >= 0.8.');
    const missing = one(rule, facts({ metrics: [metric('f1', 0.9)] }));
    expect(missing.message).toBe(
      'Metric accuracy not found in the saved output of a pipeline-metrics cell (found: f1).'
    );
  });

  it('compares with the version now in the environment by an absolute or relative amount', () => {
    const rule = (tolerance: { absolute?: number; relative?: number }): Rule => ({
      id: 'm',
      type: 'metric',
      parameters: { metric: 'accuracy', operator: '>=', value: 0.5, noWorseThanCurrent: tolerance }
    });
    const f = facts({
      metrics: [metric('accuracy', 0.8)],
      current: { version: '1.2.0', metrics: [metric('accuracy', 0.83)] }
    });
    expect(one(rule({ relative: 0.05 }), f).result).toBe('pass');
    const tight = one(rule({ relative: 0.02 }), f);
    expect(tight.reasons).toEqual([
      'accuracy is 0.8, worse than 0.83 in prod (version 1.2.0) by more than 2%'
    ]);
    expect(one(rule({ absolute: 0.01 }), f).result).toBe('fail');
    expect(one(rule({ absolute: 0.05 }), f).result).toBe('pass');
    // Lower is better for a loss: a higher loss is worse.
    const loss: Rule = {
      id: 'l',
      type: 'metric',
      parameters: {
        metric: 'loss',
        operator: '<=',
        value: 1,
        noWorseThanCurrent: { absolute: 0.01 }
      }
    };
    const lf = facts({
      metrics: [metric('loss', 0.4)],
      current: { version: '1.0.0', metrics: [metric('loss', 0.3)] }
    });
    expect(one(loss, lf).result).toBe('fail');
    expect(one(loss, { ...lf, metrics: [metric('loss', 0.2)] }).result).toBe('pass');
    const none = rule({ relative: 0.01 });
    (none as { parameters: { whenNoCurrent?: string } }).parameters.whenNoCurrent = 'fail';
    expect(one(none, facts({ metrics: [metric('accuracy', 0.8)] })).reasons).toEqual([
      'cannot compare with the current version: nothing is in prod yet'
    ]);
  });

  it('refuses promotion inside a weekly or one-off freeze window', () => {
    const rule: Rule = {
      id: 'f',
      type: 'freeze',
      parameters: {
        timezone: 'Europe/Berlin',
        weekly: [{ from: { day: 'fri', time: '16:00' }, to: { day: 'mon', time: '08:00' } }],
        dates: [{ from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00Z' }]
      }
    };
    expect(one(rule).result).toBe('pass'); // Wednesday
    // Friday 15:30 UTC is 16:30 in Berlin.
    const friday = one(rule, facts({ now: new Date('2026-12-04T15:30:00Z') }));
    expect(friday.message).toBe('Prod is frozen from Fri 16:00 to Mon 08:00 (Europe/Berlin).');
    expect(one(rule, facts({ now: new Date('2026-12-06T12:00:00Z') })).result).toBe('fail'); // Sunday
    expect(one(rule, facts({ now: new Date('2026-12-07T07:30:00Z') })).result).toBe('pass'); // Mon 08:30 Berlin
    expect(one(rule, facts({ now: new Date('2026-12-24T12:00:00Z') })).result).toBe('fail');
  });
});

describe('secrets', () => {
  const found = {
    place: 'source' as const,
    cell: 2,
    cellId: 'c2',
    line: 3,
    scanner: '@secretlint/secretlint-rule-github',
    kind: 'GITHUB_TOKEN',
    masked: 'ghp_******** (40 characters)',
    sha256: 'a'.repeat(64)
  };

  it('fails on a finding, masked, and passes one an admin accepted', () => {
    const rule: Rule = { id: 's', type: 'secrets' };
    const r = one(rule, facts({ secrets: [found] }));
    expect(r.message).toBe(
      'Possible secret (GITHUB_TOKEN) in cell 2 (id c2), line 3: ghp_******** (40 characters).'
    );
    const ok = one(rule, facts({ secrets: [found], acceptedSecrets: new Set(['a'.repeat(64)]) }));
    expect(ok).toMatchObject({
      result: 'pass',
      message: 'No secrets (1 finding accepted by an admin)'
    });
  });

  it('fails closed when the scan could not run, and honours turned-off scanners', () => {
    expect(one({ id: 's', type: 'secrets' }, facts({ secrets: null })).result).toBe('fail');
    const off: Rule = {
      id: 's',
      type: 'secrets',
      parameters: { disabledScanners: ['@secretlint/secretlint-rule-github'] }
    };
    expect(one(off, facts({ secrets: [found] })).result).toBe('pass');
  });

  it("runs the admin's own patterns over sources, outputs and metadata", () => {
    const rule: Rule = {
      id: 's',
      type: 'secrets',
      parameters: {
        patterns: [{ id: 'internal', pattern: 'corp-[0-9a-f]{16}', message: 'internal token' }]
      }
    };
    const nb = view([
      cell(0, 'x = 1', { outputs: [stream(0, 'ok\ntoken corp-0123456789abcdef\n')] })
    ]);
    const r = one(rule, facts({ notebook: nb }));
    expect(r.message).toBe(
      'Possible secret (internal token) in cell 1 (id c1), output 1 (stream), line 2: corp******** (21 characters).'
    );
    expect(JSON.stringify(r)).not.toContain('corp-0123456789abcdef');
  });
});

describe('enforcement', () => {
  const failing: Rule = { id: 'two', type: 'review', parameters: { approvals: 2 } };

  it('blocks on active rules only; evaluate rules report and never block; disabled are skipped', () => {
    const evaluate = { ...failing, id: 'try', enforcement: 'evaluate' as const };
    const disabled = { ...failing, id: 'off', enforcement: 'disabled' as const };
    const e = evaluateRules([evaluate, disabled], facts());
    expect(e).toMatchObject({ passed: true, wouldPassAll: false, failing: [] });
    expect(e.results.map(r => [r.id, r.result, r.status])).toEqual([
      ['try', 'fail', 'evaluate_only']
    ]);
    const active = evaluateRules([failing, evaluate], facts());
    expect(active).toMatchObject({ passed: false, failing: ['two'] });
  });

  it('an admin bypass marks the failing active rules bypassed and keeps who and why', () => {
    const e = bypass(
      evaluateRules([failing], facts()),
      'grace',
      'hotfix for incident 42',
      '2026-12-02T10:00:00Z'
    );
    expect(e.passed).toBe(true);
    expect(e.results[0].status).toBe('bypassed');
    expect(e.bypass).toEqual({
      by: 'grace',
      reason: 'hotfix for incident 42',
      at: '2026-12-02T10:00:00Z',
      rules: ['two']
    });
  });

  it("puts the rule's own message before the specifics", () => {
    const withMessage: Rule = { ...failing, message: 'Production needs two reviewers.' };
    expect(one(withMessage).message).toBe(
      'Production needs two reviewers. Needs 2 approvals (0 of 2).'
    );
  });
});
