import { evaluateRules, type Rule } from '../../src/rules';
import { facts, request } from './facts';

const twoApprovals: Rule = { id: 'two', type: 'review', parameters: { approvals: 2 } };

function one(rule: Rule, f = facts()) {
  const e = evaluateRules([rule], f);
  return e.results[0];
}

describe('review rules', () => {
  it('counts distinct eligible approvals and says how many are missing', () => {
    const r = one(
      twoApprovals,
      facts({ request: request([{ reviewer: 'linus', verdict: 'approve' }]) })
    );
    expect(r).toMatchObject({ result: 'fail', status: 'fail' });
    expect(r.message).toBe('Needs 1 more approval (1 of 2).');
    const ok = one(
      twoApprovals,
      facts({
        request: request([
          { reviewer: 'linus', verdict: 'approve' },
          { reviewer: 'linus', verdict: 'approve' },
          { reviewer: 'ken', verdict: 'approve' }
        ])
      })
    );
    expect(ok.result).toBe('pass');
  });

  it("never counts the author's own approval, nor roles that may not approve", () => {
    const f = facts({
      roles: { ada: 'admin', bob: 'data-scientist', linus: 'reviewer' },
      request: request([
        { reviewer: 'ada', verdict: 'approve' },
        { reviewer: 'bob', verdict: 'approve' },
        { reviewer: 'linus', verdict: 'approve' }
      ])
    });
    expect(one(twoApprovals, f).result).toBe('fail');
    const withBob: Rule = {
      id: 'two',
      type: 'review',
      parameters: { approvals: 2, approvers: { roles: ['reviewer'], users: ['bob'] } }
    };
    expect(one(withBob, f).result).toBe('pass');
  });

  it('asks an owner of a changed step, and only when that step changed', () => {
    const rule: Rule = {
      id: 'owners',
      type: 'review',
      parameters: { approvals: 1, stepOwners: [{ steps: 'tra*', users: ['ken'] }] }
    };
    const f = facts({
      changedSteps: ['train'],
      request: request([{ reviewer: 'linus', verdict: 'approve' }])
    });
    const r = one(rule, f);
    expect(r.result).toBe('fail');
    expect(r.message).toBe('Needs 1 more approval from an owner of step train (ken).');
    expect(one(rule, { ...f, changedSteps: ['evaluate'] }).result).toBe('pass');
    expect(
      one(rule, { ...f, request: request([{ reviewer: 'ken', verdict: 'approve' }]) }).result
    ).toBe('pass');
  });

  it('dismisses stale approvals on any revision, or only when code changed', () => {
    const reviews = [
      { reviewer: 'linus', verdict: 'approve' as const, revision: 1 },
      { reviewer: 'ken', verdict: 'approve' as const, revision: 1 }
    ];
    const outputsOnly = request(reviews, { latestRevision: 2, outputsOnly: { 2: true } });
    const codeChanged = request(reviews, { latestRevision: 2, outputsOnly: { 2: false } });
    const rule = (dismissStale: 'any_revision' | 'code_or_pipeline_change' | 'never'): Rule => ({
      id: 'r',
      type: 'review',
      parameters: { approvals: 2, dismissStale }
    });
    const any = one(rule('any_revision'), facts({ request: outputsOnly }));
    expect(any.result).toBe('fail');
    expect(any.message).toContain('2 approvals dismissed by a newer revision');
    expect(one(rule('code_or_pipeline_change'), facts({ request: outputsOnly })).result).toBe(
      'pass'
    );
    expect(one(rule('code_or_pipeline_change'), facts({ request: codeChanged })).result).toBe(
      'fail'
    );
    expect(one(rule('never'), facts({ request: codeChanged })).result).toBe('pass');
  });

  it('blocks on unresolved threads and a standing "changes requested"', () => {
    const rule: Rule = {
      id: 'r',
      type: 'review',
      parameters: { approvals: 1, requireResolvedThreads: true }
    };
    const req = request(
      [
        { reviewer: 'linus', verdict: 'approve' },
        { reviewer: 'ken', verdict: 'request_changes' }
      ],
      { unresolvedThreads: 2 }
    );
    const r = one(rule, facts({ request: req }));
    expect(r.reasons).toEqual([
      '2 comment threads still unresolved',
      'changes requested by ken (revision 1); waiting for their approval or an admin'
    ]);
    const later = request([
      { reviewer: 'ken', verdict: 'request_changes' },
      { reviewer: 'ken', verdict: 'approve' }
    ]);
    expect(one(rule, facts({ request: later })).result).toBe('pass');
    const dismissed = request([{ reviewer: 'linus', verdict: 'approve' }]);
    dismissed.reviews.push({
      reviewer: 'ken',
      verdict: 'request_changes',
      revision: 1,
      at: 'x',
      dismissedBy: 'grace'
    });
    expect(one(rule, facts({ request: dismissed })).result).toBe('pass');
  });
});
