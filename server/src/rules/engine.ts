/**
 * The rules engine: every rule of one environment against the facts of one promotion. Pure and
 * synchronous; the service gathers the facts (secret scan, metrics, history) beforehand.
 */
import type { ReviewPolicy } from '../domain/transition';
import { evaluateContent } from './contentRule';
import type { EvaluationFacts } from './facts';
import { evaluateFreeze } from './freezeRule';
import { evaluateMetric } from './metricRule';
import { evaluateOrder } from './orderRule';
import { evaluateReproduces } from './reproducesRule';
import { evaluateReview } from './reviewRule';
import { evaluateSecrets } from './secretsRule';
import type { Evaluation, Rule, RuleResult } from './types';
import { fail, type Verdict } from './verdict';

function verdictOf(rule: Rule, facts: EvaluationFacts): Verdict {
  switch (rule.type) {
    case 'review':
      return evaluateReview(rule, facts);
    case 'content':
      return evaluateContent(rule, facts);
    case 'secrets':
      return evaluateSecrets(rule, facts);
    case 'environment_order':
      return evaluateOrder(rule, facts);
    case 'metric':
      return evaluateMetric(rule, facts);
    case 'freeze':
      return evaluateFreeze(rule, facts);
    case 'reproduces':
      return evaluateReproduces(rule, facts);
  }
}

/** One rule's result; an evaluator that throws fails its rule (fail closed), never the call. */
function evaluateRule(rule: Rule, facts: EvaluationFacts): RuleResult | null {
  const enforcement = rule.enforcement ?? 'active';
  if (enforcement === 'disabled') return null;
  let v: Verdict;
  try {
    v = verdictOf(rule, facts);
  } catch (error) {
    v = fail([`the rule could not be evaluated: ${(error as Error).message}`]);
  }
  // People read these as sentences; the admin's own message, if any, comes first.
  const specific = capital(v.message);
  const message =
    v.result === 'fail'
      ? withStop(rule.message ? `${rule.message} ${specific}` : specific)
      : specific;
  const result: RuleResult = {
    id: rule.id,
    type: rule.type,
    enforcement,
    result: v.result,
    status: enforcement === 'evaluate' ? 'evaluate_only' : v.result,
    message,
    reasons: v.reasons
  };
  if (v.details) result.details = v.details;
  return result;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function withStop(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** Evaluates `rules` (those of `facts.environment`) against `facts`. */
export function evaluateRules(rules: readonly Rule[], facts: EvaluationFacts): Evaluation {
  const results = rules.map(r => evaluateRule(r, facts)).filter((r): r is RuleResult => r !== null);
  const failing = results.filter(r => r.status === 'fail').map(r => r.id);
  return {
    environment: facts.environment,
    rulesVersion: facts.rulesVersion,
    passed: failing.length === 0,
    wouldPassAll: results.every(r => r.result !== 'fail'),
    results,
    failing
  };
}

/** Marks the failing active rules bypassed by an admin with a reason. */
export function bypass(evaluation: Evaluation, by: string, reason: string, at: string): Evaluation {
  const rules = evaluation.failing;
  return {
    ...evaluation,
    passed: true,
    results: evaluation.results.map(r => (r.status === 'fail' ? { ...r, status: 'bypassed' } : r)),
    failing: [],
    bypass: { by, reason, at, rules }
  };
}

/**
 * Whether the evaluation's environment asks for review at all (an active review rule). When it
 * does not, the state machine lets a request be promoted without an approval.
 */
export function reviewNeeded(evaluation: {
  results: readonly Pick<RuleResult, 'type' | 'enforcement'>[];
}): boolean {
  return evaluation.results.some(r => r.type === 'review' && r.enforcement === 'active');
}

/** The state machine's review knobs an evaluation implies: no review rule, no approval needed. */
export function reviewPolicyOf(evaluation: {
  results: readonly Pick<RuleResult, 'type' | 'enforcement'>[];
}): Partial<ReviewPolicy> | undefined {
  return reviewNeeded(evaluation) ? undefined : { approvalsRequired: 0 };
}
