/**
 * What one caller may do to a request right now, and why not: the answer the review panel
 * disables its buttons with. Each action is tried against the same state machine that would
 * run it, so the reason shown is the refusal the service would give.
 */
import { NbpromoteError } from '../errors';
import { assertCan } from './permissions';
import { assertLegal, transition, type RequestAction, type ReviewPolicy } from './transition';
import type { Actor, PromotionRequest } from './types';

export const CALLER_ACTIONS = [
  'approve',
  'request_changes',
  'review_comment',
  'comment',
  'resolve_comment',
  'revise',
  'promote',
  'reject',
  'withdraw'
] as const;

export type CallerAction = (typeof CALLER_ACTIONS)[number];

export interface ActionPermission {
  allowed: boolean;
  /** The service's refusal when not allowed: its error code and message. */
  code?: string;
  reason?: string;
}

export type CallerPermissions = Record<CallerAction, ActionPermission>;

/** A stand-in for the parts of an attempt the answer does not depend on (hashes, commit). */
const PLACEHOLDER_SHA = '0'.repeat(40);

/**
 * `version` is the request's reserved version (what a promotion would tag); the domain
 * request carries it only once promoted.
 */
export function callerPermissions(
  request: PromotionRequest,
  actor: Actor,
  version: string,
  now: Date | string,
  policy: Partial<ReviewPolicy> = {}
): CallerPermissions {
  const attempt = (action: RequestAction) => () => {
    transition(request, action, actor, now, policy);
  };
  const checks: Record<CallerAction, () => void> = {
    approve: attempt({ type: 'review', verdict: 'approve' }),
    request_changes: attempt({ type: 'review', verdict: 'request_changes' }),
    review_comment: attempt({ type: 'review', verdict: 'comment' }),
    comment: () => {
      assertCan(request, 'comment', actor);
      assertLegal(request.state, 'comment');
    },
    // Anyone in the discussion may resolve or reopen a thread while the request is active.
    resolve_comment: () => assertLegal(request.state, 'resolve_comment'),
    revise: attempt({
      type: 'revise',
      notebookSha256: PLACEHOLDER_SHA,
      commitSha: PLACEHOLDER_SHA,
      validation: { passed: true, errors: 0, warnings: 0 }
    }),
    promote: attempt({ type: 'promote', version }),
    reject: attempt({ type: 'reject' }),
    withdraw: attempt({ type: 'withdraw' })
  };
  const result = {} as CallerPermissions;
  for (const name of CALLER_ACTIONS) result[name] = outcome(checks[name]);
  return result;
}

function outcome(check: () => void): ActionPermission {
  try {
    check();
    return { allowed: true };
  } catch (error) {
    // Only the domain's named refusals are answers; anything else is a bug to surface.
    if (!(error instanceof NbpromoteError)) throw error;
    return { allowed: false, code: error.code, reason: error.message };
  }
}

/** The latest revision `user` reviewed (any verdict), or null: "since my last review". */
export function lastReviewedRevision(
  request: Pick<PromotionRequest, 'reviews'>,
  user: string
): number | null {
  let last: number | null = null;
  for (const r of request.reviews) {
    if (r.reviewer === user && (last === null || r.revision > last)) last = r.revision;
  }
  return last;
}
