/**
 * What rule results mean for the person looking at them. Pure: the Promote dialog, the
 * requests panel and the rules editor's dry run all read results through these.
 */
import type { RuleEvaluation, RuleResult } from '../client/types';

/** A rule that stops promotion as things stand: an active rule that fails. */
export function isBlocking(result: RuleResult): boolean {
  return result.status === 'fail';
}

/**
 * Review rules are met during review (approvals, resolved threads), so at submission they
 * say what is still needed rather than stopping the request being opened.
 */
export function isMetInReview(result: RuleResult): boolean {
  return result.type === 'review';
}

/** Blocking results the notebook itself must fix before a request can be opened. */
export function submissionBlockers(evaluation: RuleEvaluation | undefined): RuleResult[] {
  return (evaluation?.results ?? []).filter(r => isBlocking(r) && !isMetInReview(r));
}

/** Blocking results that refuse the promotion itself (review ones included). */
export function promotionBlockers(evaluation: RuleEvaluation | undefined): RuleResult[] {
  return (evaluation?.results ?? []).filter(isBlocking);
}

/** Why Submit is disabled by the rules, as one sentence, or null when no rule stops it. */
export function submissionBlocker(evaluation: RuleEvaluation | undefined): string | null {
  const blockers = submissionBlockers(evaluation);
  if (blockers.length === 0) {
    return null;
  }
  const first = `${blockers[0].id}: ${blockers[0].message}`;
  return blockers.length === 1 ? `Rule ${first}` : `${blockers.length} rules fail, first ${first}`;
}

/** The live status line of a request: what still stands between it and promotion. */
export function statusLine(evaluation: RuleEvaluation | undefined): string {
  if (!evaluation) {
    return 'No rule results yet.';
  }
  if (evaluation.bypass) {
    return `Promoted past failing rules by ${evaluation.bypass.by}: ${evaluation.bypass.reason}`;
  }
  const blockers = promotionBlockers(evaluation);
  if (blockers.length === 0) {
    return `All rules for ${evaluation.environment} pass (rules version ${evaluation.rulesVersion}).`;
  }
  return blockers.map(r => r.message).join('; ');
}

/** Human words for a result, taking its enforcement into account. */
export function resultLabel(result: RuleResult): string {
  switch (result.status) {
    case 'evaluate_only':
      return result.result === 'fail'
        ? 'would fail (evaluate only)'
        : result.result === 'pass'
          ? 'would pass (evaluate only)'
          : 'not applicable';
    case 'fail':
      return isMetInReview(result) ? 'needed' : 'fail';
    case 'not_applicable':
      return 'not applicable';
    default:
      return result.status;
  }
}

/** The CSS modifier of a result: blocking, pending (review still needed), warning, ok. */
export function resultKind(
  result: RuleResult
): 'blocking' | 'pending' | 'warning' | 'ok' | 'muted' {
  if (result.result === 'not_applicable') {
    return 'muted';
  }
  if (isBlocking(result)) {
    return isMetInReview(result) ? 'pending' : 'blocking';
  }
  if (result.result === 'fail') {
    return 'warning';
  }
  return 'ok';
}

/** Failing rules the service put in a refusal's details (409 `rules_failed`), when it did. */
export function failingRulesOf(details: Record<string, unknown> | undefined): RuleResult[] {
  const isResult = (r: unknown): r is RuleResult =>
    typeof r === 'object' && r !== null && typeof (r as RuleResult).id === 'string';
  if (Array.isArray(details?.failing)) {
    return details.failing.filter(isResult);
  }
  if (Array.isArray(details?.results)) {
    return details.results.filter(isResult).filter(isBlocking);
  }
  return [];
}

/**
 * Approvals the environment's active review rules ask for (the largest, when several do), or
 * null when no active review rule applies.
 */
export function approvalsRequired(evaluation: RuleEvaluation | undefined): number | null {
  let needed: number | null = null;
  for (const r of evaluation?.results ?? []) {
    if (r.type !== 'review' || r.enforcement !== 'active') {
      continue;
    }
    const n = (r.details as { approvalsRequired?: unknown } | undefined)?.approvalsRequired;
    if (typeof n === 'number') {
      needed = Math.max(needed ?? 0, n);
    }
  }
  return needed;
}
