/**
 * Review: approvals from eligible approvers, step owners for changed steps, stale approvals,
 * resolved threads, standing "changes requested". Nobody's approval of their own request
 * counts, whatever the rule says.
 */
import type { EvaluationFacts, ReviewFact } from './facts';
import type { ReviewRule } from './types';
import { fail, pass, plural, type Verdict } from './verdict';

/** Glob with * and ? over step names. */
export function stepMatches(glob: string, step: string): boolean {
  let re = '^';
  for (const ch of glob)
    re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${re}$`).test(step);
}

/** Latest non-comment verdict per reviewer (ignoring the author's own). */
function standing(reviews: readonly ReviewFact[], author: string): Map<string, ReviewFact> {
  const latest = new Map<string, ReviewFact>();
  for (const r of reviews) {
    if (r.verdict === 'comment' || r.reviewer === author) continue;
    latest.set(r.reviewer, r);
  }
  return latest;
}

export function evaluateReview(rule: ReviewRule, facts: EvaluationFacts): Verdict {
  const p = rule.parameters ?? {};
  const needed = p.approvals ?? 1;
  const roles = p.approvers?.roles ?? ['reviewer', 'admin'];
  const users = new Set(p.approvers?.users ?? []);
  const req = facts.request;
  const stale = p.dismissStale ?? 'any_revision';
  const latest = req?.latestRevision ?? 0;

  const fresh = (r: ReviewFact): boolean => {
    if (stale === 'never' || r.revision >= latest) return true;
    if (stale === 'any_revision') return false;
    for (let n = r.revision + 1; n <= latest; n++) if (!req?.outputsOnly[n]) return false;
    return true;
  };
  const verdicts = req ? standing(req.reviews, req.author) : new Map<string, ReviewFact>();
  const approvers = [...verdicts.values()]
    .filter(r => r.verdict === 'approve' && fresh(r))
    .map(r => r.reviewer);
  const eligible = approvers.filter(
    name => users.has(name) || roles.includes(facts.roles[name] ?? ('' as never))
  );
  const staleApprovals = [...verdicts.values()].filter(
    r => r.verdict === 'approve' && !fresh(r)
  ).length;

  const reasons: string[] = [];
  if (eligible.length < needed) {
    const missing = needed - eligible.length;
    let text = `needs ${plural(missing, 'more approval')}`;
    if (eligible.length === 0 && !req) text = `needs ${plural(needed, 'approval')}`;
    text += ` (${eligible.length} of ${needed}`;
    if (staleApprovals > 0)
      text += `; ${plural(staleApprovals, 'approval')} dismissed by a newer revision`;
    text += ')';
    reasons.push(text);
  }

  const ownerChecks: Record<string, unknown>[] = [];
  for (const owner of p.stepOwners ?? []) {
    const steps = facts.changedSteps ?? facts.notebook.steps;
    const touched = steps.filter(s => stepMatches(owner.steps, s));
    if (touched.length === 0) continue;
    const want = owner.approvals ?? 1;
    const got = approvers.filter(a => owner.users.includes(a));
    ownerChecks.push({ steps: touched, owners: owner.users, approvals: got, needed: want });
    if (got.length < want) {
      const missing = want - got.length;
      reasons.push(
        `needs ${plural(missing, 'more approval')} from an owner of step ${touched.join(', ')} (${owner.users.join(', ')})`
      );
    }
  }

  if (p.requireResolvedThreads && req && req.unresolvedThreads > 0) {
    reasons.push(`${plural(req.unresolvedThreads, 'comment thread')} still unresolved`);
  }
  const blocking =
    p.changesRequestedBlocks === false
      ? []
      : [...verdicts.values()].filter(r => r.verdict === 'request_changes' && !r.dismissedBy);
  for (const r of blocking) {
    reasons.push(
      `changes requested by ${r.reviewer} (revision ${r.revision}); waiting for their approval or an admin`
    );
  }

  const details = {
    approvals: eligible,
    approvalsRequired: needed,
    staleApprovals,
    stepOwners: ownerChecks,
    changesRequested: blocking.map(r => r.reviewer),
    ...(req ? {} : { reviewPending: true })
  };
  if (reasons.length > 0) return fail(reasons, details);
  return pass(
    needed === 0
      ? 'no approvals required'
      : `${plural(eligible.length, 'approval')} of ${needed} required`,
    details
  );
}
