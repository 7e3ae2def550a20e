import type { RuleEvaluation, RuleResult } from '../client/types';
import {
  failingRulesOf,
  promotionBlockers,
  resultKind,
  resultLabel,
  statusLine,
  submissionBlocker,
  submissionBlockers
} from '../rules/ruleResults';

/** A result as the service's engine builds it: status follows result unless evaluate-only. */
const rule = (patch: Partial<RuleResult>): RuleResult => {
  const r: RuleResult = {
    id: 'r',
    type: 'content',
    enforcement: 'active',
    result: 'pass',
    status: 'pass',
    message: 'ok',
    reasons: [],
    ...patch
  };
  if (!patch.status) {
    r.status = r.enforcement === 'evaluate' ? 'evaluate_only' : r.result;
  }
  return r;
};

const evaluation = (results: RuleResult[]): RuleEvaluation => ({
  environment: 'prod',
  rulesVersion: 3,
  passed: results.every(r => r.status !== 'fail'),
  wouldPassAll: results.every(r => r.result !== 'fail'),
  results,
  failing: results.filter(r => r.status === 'fail').map(r => r.id)
});

describe('rule results', () => {
  const review = rule({
    id: 'two-reviews',
    type: 'review',
    result: 'fail',
    message: 'needs 2 more approvals'
  });
  const metric = rule({
    id: 'accuracy',
    type: 'metric',
    result: 'fail',
    message: 'accuracy 0.71 is below 0.8'
  });
  const tryout = rule({ id: 'size', enforcement: 'evaluate', result: 'fail', message: 'too big' });

  it('blocks a submission only on rules the notebook must fix, not on review still to come', () => {
    const ev = evaluation([review, metric, tryout, rule({ id: 'ok' })]);
    expect(submissionBlockers(ev).map(r => r.id)).toEqual(['accuracy']);
    expect(promotionBlockers(ev).map(r => r.id)).toEqual(['two-reviews', 'accuracy']);
    expect(submissionBlocker(ev)).toBe('Rule accuracy: accuracy 0.71 is below 0.8');
    expect(submissionBlocker(evaluation([metric, metric]))).toBe(
      '2 rules fail, first accuracy: accuracy 0.71 is below 0.8'
    );
    expect(submissionBlocker(evaluation([review, tryout]))).toBeNull();
    expect(submissionBlocker(undefined)).toBeNull();
  });

  it('puts the live status in one line', () => {
    expect(statusLine(evaluation([review, tryout]))).toBe('needs 2 more approvals');
    expect(statusLine(evaluation([rule({})]))).toBe('All rules for prod pass (rules version 3).');
    expect(
      statusLine({
        ...evaluation([rule({ ...review, status: 'bypassed' })]),
        bypass: { by: 'grace', reason: 'hotfix', at: 'x', rules: ['two-reviews'] }
      })
    ).toBe('Promoted past failing rules by grace: hotfix');
    expect(statusLine(undefined)).toBe('No rule results yet.');
  });

  it('labels evaluate-only results as never blocking', () => {
    expect(resultLabel(tryout)).toBe('would fail (evaluate only)');
    expect(resultKind(tryout)).toBe('warning');
    expect(resultLabel(rule({ enforcement: 'evaluate' }))).toBe('would pass (evaluate only)');
    expect(resultLabel(review)).toBe('needed');
    expect(resultKind(review)).toBe('pending');
    expect(resultLabel(metric)).toBe('fail');
    expect(resultKind(metric)).toBe('blocking');
    expect(resultLabel(rule({ result: 'not_applicable' }))).toBe('not applicable');
    expect(resultKind(rule({ result: 'not_applicable' }))).toBe('muted');
    expect(resultLabel(rule({ result: 'fail', status: 'bypassed' }))).toBe('bypassed');
  });

  it('reads failing rules out of a refusal, ignoring what is not a rule result', () => {
    expect(failingRulesOf({ failing: [metric, 'junk', null] })).toEqual([metric]);
    expect(failingRulesOf({ results: [review, rule({ id: 'ok' })] })).toEqual([review]);
    expect(failingRulesOf(undefined)).toEqual([]);
  });
});
