import {
  checkRulesDocument,
  defaultRules,
  diffDocuments,
  rulesFor,
  type RulesDocument
} from '../../src/rules';

function withProd(rules: unknown[]): unknown {
  return { schemaVersion: 1, environments: { prod: { rules } } };
}

function refusal(value: unknown): { message: string; details: Record<string, unknown> } {
  try {
    checkRulesDocument(value);
  } catch (error) {
    return error as { message: string; details: Record<string, unknown> };
  }
  throw new Error('the document was accepted');
}

describe('the rules document', () => {
  it('accepts the defaults: secrets everywhere, one approval for stage, more for prod', () => {
    const { document } = checkRulesDocument(defaultRules());
    expect(rulesFor(document, 'dev').map(r => r.id)).toEqual(['no-secrets']);
    expect(rulesFor(document, 'stage').map(r => r.id)).toEqual(['no-secrets', 'one-approval']);
    expect(rulesFor(document, 'prod').map(r => `${r.type}:${r.id}`)).toEqual([
      'secrets:no-secrets',
      'review:two-approvals',
      'content:evaluate-step',
      'content:owner',
      'environment_order:stage-first'
    ]);
  });

  it("lets an environment's rule replace the default of the same id", () => {
    const doc = defaultRules();
    doc.environments.dev = {
      rules: [{ id: 'no-secrets', type: 'secrets', enforcement: 'evaluate' }]
    };
    expect(rulesFor(doc, 'dev')).toEqual([
      { id: 'no-secrets', type: 'secrets', enforcement: 'evaluate' }
    ]);
  });

  it('names the JSON path of what is wrong', () => {
    expect(
      refusal(withProd([{ id: 'r', type: 'review', parameters: { approvals: 'two' } }]))
    ).toMatchObject({
      message: '$.environments.prod.rules[0].parameters.approvals: must be integer',
      details: { path: '$.environments.prod.rules[0].parameters.approvals' }
    });
    expect(refusal(withProd([{ id: 'r', type: 'reveiw' }])).message).toBe(
      '$.environments.prod.rules[0].type: must be one of "review", "content", "secrets", "environment_order", "metric", "freeze", "reproduces"'
    );
    expect(
      refusal(
        withProd([{ id: 'r', type: 'metric', parameters: { metric: 'acc', operator: '>=' } }])
      ).message
    ).toBe('$.environments.prod.rules[0].parameters: missing field "value"');
    expect(refusal({ schemaVersion: 1, environments: { qa: {} } }).message).toBe(
      '$.environments: unknown field "qa"'
    );
    expect(
      refusal(
        withProd([
          { id: 'a', type: 'secrets' },
          { id: 'a', type: 'review' }
        ])
      ).message
    ).toBe('$.environments.prod.rules[1].id: duplicate rule id "a"');
  });

  it('refuses a pattern RE2 cannot run, with its position', () => {
    const e = refusal(
      withProd([
        {
          id: 'c',
          type: 'content',
          parameters: { forbiddenPatterns: [{ pattern: 'pip (install', message: 'no pip' }] }
        }
      ])
    );
    expect(e.message).toBe(
      '$.environments.prod.rules[0].parameters.forbiddenPatterns[0].pattern: invalid pattern (position 5): missing closing ) at `pip (install`'
    );
    // Backreferences and lookaround can take exponential time elsewhere; RE2 has neither.
    const look = refusal(
      withProd([
        {
          id: 's',
          type: 'secrets',
          parameters: { patterns: [{ id: 'x', pattern: 'key(?=[0-9])' }] }
        }
      ])
    );
    expect(look.details.path).toBe('$.environments.prod.rules[0].parameters.patterns[0].pattern');
    expect(look.details.position).toBe(3);
  });

  it('refuses unknown time zones and empty freeze dates', () => {
    const freeze = (parameters: unknown) => withProd([{ id: 'f', type: 'freeze', parameters }]);
    expect(refusal(freeze({ timezone: 'Mars/Olympus' })).message).toBe(
      '$.environments.prod.rules[0].parameters.timezone: unknown time zone "Mars/Olympus"'
    );
    expect(
      refusal(freeze({ dates: [{ from: '2026-12-25T00:00:00Z', to: '2026-12-24T00:00:00Z' }] }))
        .message
    ).toBe('$.environments.prod.rules[0].parameters.dates[0]: from must be before to');
  });

  it('warns about rules nobody could meet, and saves them', () => {
    const doc = withProd([
      {
        id: 'r',
        type: 'review',
        parameters: {
          approvals: 3,
          stepOwners: [{ steps: 'train', users: ['ken', 'nobody'], approvals: 3 }]
        }
      }
    ]);
    const { warnings } = checkRulesDocument(doc, [
      { name: 'linus', role: 'reviewer' },
      { name: 'ken', role: 'reviewer' },
      { name: 'ada', role: 'data-scientist' }
    ]);
    expect(warnings).toEqual([
      {
        path: '$.environments.prod.rules[0].parameters.approvals',
        message: 'needs 3 approvals but only 2 users are eligible to approve'
      },
      {
        path: '$.environments.prod.rules[0].parameters.stepOwners[0].approvals',
        message: 'needs 3 owner approvals but lists 2 owners'
      },
      {
        path: '$.environments.prod.rules[0].parameters.stepOwners[0].users',
        message: 'no such user: nobody'
      }
    ]);
  });

  it('diffs two documents rule by rule', () => {
    const a = defaultRules();
    const b = JSON.parse(JSON.stringify(a)) as RulesDocument;
    const prod = b.environments.prod!.rules!;
    (prod[0].parameters as { approvals: number }).approvals = 3;
    prod.push({
      id: 'acc',
      type: 'metric',
      parameters: { metric: 'accuracy', operator: '>=', value: 0.8 }
    });
    expect(diffDocuments(a, b)).toEqual([
      {
        path: '$.environments.prod.rules[two-approvals].parameters.approvals',
        op: 'changed',
        before: 2,
        after: 3
      },
      { path: '$.environments.prod.rules[acc]', op: 'added', after: prod[4] }
    ]);
  });
});
