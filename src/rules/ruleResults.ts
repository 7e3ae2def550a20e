/**
 * What rule results mean for the person looking at them. Pure: the Promote dialog, the
 * requests panel and the rules editor's dry run all read results through these.
 */
import type { RuleResult, RuleStatus, RulesEvaluation } from '../client/types';

/** A rule that stops promotion as things stand: an active rule that fails or errs. */
export function isBlocking(result: RuleResult): boolean {
  return result.enforcement === 'active' && (result.status === 'fail' || result.status === 'error');
}

/**
 * Review rules are met during review (approvals, resolved threads), so at submission they
 * say what is still needed rather than stopping the request being opened.
 */
export function isMetInReview(result: RuleResult): boolean {
  return result.type === 'review';
}

/** Blocking results the notebook itself must fix before a request can be opened. */
export function submissionBlockers(evaluation: RulesEvaluation | undefined): RuleResult[] {
  return (evaluation?.results ?? []).filter(r => isBlocking(r) && !isMetInReview(r));
}

/** Blocking results that refuse the promotion itself (review ones included). */
export function promotionBlockers(evaluation: RulesEvaluation | undefined): RuleResult[] {
  return (evaluation?.results ?? []).filter(isBlocking);
}

/** Why Submit is disabled by the rules, as one sentence, or null when no rule stops it. */
export function submissionBlocker(evaluation: RulesEvaluation | undefined): string | null {
  const blockers = submissionBlockers(evaluation);
  if (blockers.length === 0) {
    return null;
  }
  const first = `${blockers[0].id}: ${blockers[0].message}`;
  return blockers.length === 1 ? `Rule ${first}` : `${blockers.length} rules fail, first ${first}`;
}

/** The live status line of a request: what still stands between it and promotion. */
export function statusLine(evaluation: RulesEvaluation | undefined): string {
  if (!evaluation) {
    return 'No rule results yet.';
  }
  const blockers = promotionBlockers(evaluation);
  if (blockers.length === 0) {
    return `All rules for ${evaluation.environment} pass (rules version ${evaluation.rulesVersion}).`;
  }
  return blockers.map(r => r.message).join('; ');
}

const LABELS: Record<RuleStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  not_applicable: 'not applicable',
  evaluate: 'would fail (evaluate only)',
  bypassed: 'bypassed',
  error: 'error'
};

/** Human words for a result, taking its enforcement into account. */
export function resultLabel(result: RuleResult): string {
  if (result.enforcement === 'disabled') {
    return 'disabled';
  }
  if (result.status === 'fail' && result.enforcement === 'evaluate') {
    return LABELS.evaluate;
  }
  if (result.status === 'fail' && isMetInReview(result)) {
    return 'needed';
  }
  return LABELS[result.status] ?? result.status;
}

/** The CSS modifier of a result: blocking, warning (evaluate / review still needed), ok. */
export function resultKind(
  result: RuleResult
): 'blocking' | 'pending' | 'warning' | 'ok' | 'muted' {
  if (result.enforcement === 'disabled' || result.status === 'not_applicable') {
    return 'muted';
  }
  if (isBlocking(result)) {
    return isMetInReview(result) ? 'pending' : 'blocking';
  }
  if (result.status === 'fail' || result.status === 'evaluate' || result.status === 'bypassed') {
    return 'warning';
  }
  return 'ok';
}

/** Failing rules the service put in a 409's details, when it did. */
export function failingRulesOf(details: Record<string, unknown> | undefined): RuleResult[] {
  const candidates = [details?.failingRules, details?.rules, details?.results];
  for (const c of candidates) {
    if (Array.isArray(c)) {
      return c.filter(
        (r): r is RuleResult =>
          typeof r === 'object' && r !== null && typeof (r as RuleResult).id === 'string'
      );
    }
  }
  return [];
}
