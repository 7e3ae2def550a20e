import { plainMessage } from '../rules/plainProblem';
import { describePlace, fieldsOf, ruleSchema } from '../rules/ruleFields';
import { changedPaths, pruneEmpty, setAt } from '../rules/ruleEdits';
import { rulesSchema, validateRules } from '../rules/rulesSchema';
import { enforcementNote, summarizeRule } from '../rules/ruleSummary';

describe('a rule in plain words', () => {
  it.each([
    [
      { type: 'review', parameters: { approvals: 2, dismissStale: 'code_or_pipeline_change' } },
      'Needs 2 approvals from reviewer or admin; a new revision that changes code or the pipeline dismisses them.'
    ],
    [
      {
        type: 'review',
        parameters: {
          approvers: { roles: ['admin'], users: ['linus'] },
          stepOwners: [{ steps: 'train', users: ['ada', 'grace'], approvals: 1 }],
          requireResolvedThreads: true
        }
      },
      'Needs 1 approval from admin or linus; any new revision dismisses them; when step train changes, 1 approval from ada or grace; every comment thread resolved.'
    ],
    [
      { type: 'content', parameters: { requiredSteps: ['evaluate'], maxCells: 200 } },
      'Needs the step evaluate. Wants at most 200 cells.'
    ],
    [{ type: 'secrets' }, 'No secrets in the notebook’s sources, outputs and metadata.'],
    [
      { type: 'environment_order', parameters: {} },
      'The same code must be promoted to the environment before this one first.'
    ],
    [{ type: 'environment_order', parameters: { after: [] } }, 'No environment has to come first.'],
    [
      {
        type: 'metric',
        parameters: {
          metric: 'f1',
          operator: '>=',
          value: 0.8,
          noWorseThanCurrent: { relative: 0.02 },
          whenNoCurrent: 'fail'
        }
      },
      'f1 must be at least 0.8, and no worse than the version now in this environment by more than 2% (fails when there is none).'
    ],
    [
      {
        type: 'freeze',
        parameters: {
          timezone: 'Europe/Berlin',
          weekly: [{ from: { day: 'fri', time: '16:00' }, to: { day: 'mon', time: '08:00' } }]
        }
      },
      'No promotions every Fri 16:00 to Mon 08:00 (Europe/Berlin).'
    ],
    [
      { type: 'reproduces', parameters: {} },
      'The training use case, run on the local executor, must give every metric the notebook saved (exact for integers, 1e-9 relative for floats).'
    ],
    [
      {
        type: 'reproduces',
        parameters: {
          metrics: ['accuracy'],
          tolerances: [{ metric: 'accuracy', absolute: 0.001 }],
          executor: 'airflow'
        }
      },
      'The training use case, run on the environment’s Airflow, must give accuracy as the notebook saved it (accuracy within 0.001; others exact for integers, 1e-9 relative for floats).'
    ]
  ])('%j reads "%s"', (rule, text) => {
    expect(summarizeRule(rule)).toBe(text);
  });

  it('says when a rule only reports or is off', () => {
    expect(enforcementNote({ enforcement: 'evaluate' })).toMatch(/^Report only/);
    expect(enforcementNote({ enforcement: 'disabled' })).toMatch(/^Off/);
    expect(enforcementNote({ enforcement: 'active' })).toBeNull();
  });
});

describe('the form’s labels and messages', () => {
  it('labels every field of every rule type in words, never by a schema name', () => {
    const labels = [
      'review',
      'content',
      'secrets',
      'environment_order',
      'metric',
      'freeze',
      'reproduces'
    ].flatMap(type => {
      const rule = ruleSchema(rulesSchema, type)!;
      const params = fieldsOf(rulesSchema, rule, null).find(f => f.key === 'parameters')!;
      return [
        ...fieldsOf(rulesSchema, rule, null),
        ...fieldsOf(rulesSchema, params.schema, 'parameters')
      ];
    });
    for (const f of labels) {
      expect(f.label).toMatch(/^[A-Z]/);
      expect(f.label).not.toMatch(/^[a-z]+[A-Z]|-\d$/);
    }
  });

  it('says where a problem is and what to do, in words', () => {
    const document = {
      schemaVersion: 1,
      environments: {
        prod: {
          rules: [
            { id: 'gate', type: 'metric', parameters: { metric: 'a', operator: '>=', value: 'x' } }
          ]
        }
      }
    };
    const [problem] = validateRules(rulesSchema, document);
    expect(describePlace(rulesSchema, document, problem.path)).toBe('prod › gate › Threshold');
    expect(plainMessage(problem.message)).toBe('Enter a number.');
    expect(plainMessage('must match pattern "^([01][0-9]|2[0-3]):[0-5][0-9]$"')).toBe(
      'Use a 24-hour time such as 16:00.'
    );
    expect(plainMessage('must NOT have fewer than 1 properties')).toMatch(/at least one/);
  });

  it('refuses a date the service would refuse, at its field', () => {
    const freeze = (from: string) => ({
      schemaVersion: 1,
      environments: {
        prod: {
          rules: [
            {
              id: 'xmas',
              type: 'freeze',
              parameters: { dates: [{ from, to: '2026-12-27T08:00:00Z' }] }
            }
          ]
        }
      }
    });
    expect(validateRules(rulesSchema, freeze('2026-12-24T00:00:00Z'))).toEqual([]);
    for (const bad of ['', '2026-12-24', 'tomorrow', '2026-12-24T00:00Z']) {
      expect(validateRules(rulesSchema, freeze(bad))).toEqual([
        {
          path: '/environments/prod/rules/0/parameters/dates/0/from',
          message: 'must match format "date-time"'
        }
      ]);
    }
  });
});

describe('edits that touch only their path', () => {
  it('sets and clears one value, keeping everything else and its key order', () => {
    const doc = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const set = setAt(doc, ['a', 'e'], true);
    expect(changedPaths(doc, set)).toEqual([['a', 'e']]);
    expect(set.d).toBe(doc.d);
    expect(Object.keys(setAt(doc, ['a', 'b'], 2).a)).toEqual(['b', 'c']);
    const cleared = pruneEmpty(setAt({ g: { h: 1 } }, ['g', 'h'], undefined), [['g']]);
    expect(cleared).toEqual({});
  });
});
