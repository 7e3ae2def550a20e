import type { RuleResult, RulesEvaluation } from '../client/types';
import {
  failingRulesOf,
  promotionBlockers,
  resultKind,
  resultLabel,
  statusLine,
  submissionBlocker,
  submissionBlockers
} from '../rules/ruleResults';

const rule = (patch: Partial<RuleResult>): RuleResult => ({
  id: 'r',
  type: 'content',
  enforcement: 'active',
  status: 'pass',
  message: 'ok',
  ...patch
});

const evaluation = (results: RuleResult[]): RulesEvaluation => ({
  environment: 'prod',
  rulesVersion: 3,
  result: 'fail',
  results
});

describe('rule results', () => {
  const review = rule({
    id: 'two-reviews',
    type: 'review',
    status: 'fail',
    message: 'needs 2 more approvals'
  });
  const metric = rule({
    id: 'accuracy',
    type: 'metric',
    status: 'fail',
    message: 'accuracy 0.71 is below 0.8'
  });
  const tryout = rule({ id: 'size', enforcement: 'evaluate', status: 'fail', message: 'too big' });

  it('blocks a submission only on rules the notebook must fix, not on review still to come', () => {
    const ev = evaluation([review, metric, tryout, rule({ id: 'ok' })]);
    expect(submissionBlockers(ev).map(r => r.id)).toEqual(['accuracy']);
    expect(promotionBlockers(ev).map(r => r.id)).toEqual(['two-reviews', 'accuracy']);
    expect(submissionBlocker(ev)).toBe('Rule accuracy: accuracy 0.71 is below 0.8');
    expect(submissionBlocker(evaluation([review, tryout]))).toBeNull();
    expect(submissionBlocker(undefined)).toBeNull();
  });

  it('counts an error of an active rule as blocking (fail closed)', () => {
    const broken = rule({ id: 'secrets', type: 'secrets', status: 'error', message: 'unreadable' });
    expect(submissionBlockers(evaluation([broken]))).toEqual([broken]);
    expect(resultKind(broken)).toBe('blocking');
  });

  it('puts the live status in one line', () => {
    expect(statusLine(evaluation([review, tryout]))).toBe('needs 2 more approvals');
    expect(statusLine(evaluation([rule({})]))).toBe('All rules for prod pass (rules version 3).');
    expect(statusLine(undefined)).toBe('No rule results yet.');
  });

  it('labels evaluate-only failures as never blocking', () => {
    expect(resultLabel(tryout)).toBe('would fail (evaluate only)');
    expect(resultKind(tryout)).toBe('warning');
    expect(resultLabel(review)).toBe('needed');
    expect(resultKind(review)).toBe('pending');
    expect(resultLabel(rule({ enforcement: 'disabled', status: 'not_applicable' }))).toBe(
      'disabled'
    );
    expect(resultLabel(rule({ status: 'bypassed' }))).toBe('bypassed');
  });

  it('reads failing rules out of a refusal, ignoring what is not a rule result', () => {
    expect(failingRulesOf({ failingRules: [metric, 'junk', null] })).toEqual([metric]);
    expect(failingRulesOf({ rules: [review] })).toEqual([review]);
    expect(failingRulesOf(undefined)).toEqual([]);
  });
});
