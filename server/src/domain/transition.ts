/**
 * The review state machine as one pure function: given a request, an action, who acts and
 * when, return the changed request and the audit events to record. A store applies the result
 * in one transaction; on a thrown error it records `refusedEvent(...)` instead.
 */
import { ConflictError, InputError, NbpromoteError } from '../errors';
import { assertCan, type Permission } from './permissions';
import { formatVersion, parseVersion } from './semver';
import type {
  Actor,
  AuditAction,
  AuditEvent,
  PromotionRequest,
  RequestState,
  Review,
  ValidationSummary,
  Verdict
} from './types';
import { TERMINAL_STATES } from './types';

/** Rule-controlled knobs of review (set per environment by admins). */
export interface ReviewPolicy {
  /**
   * Distinct approvals needed to reach `approved`. 0 when the environment's rules ask for no
   * review (dev, by default): the request may then be promoted while open.
   */
  approvalsRequired: number;
  /** Whether a new revision dismisses earlier approvals. */
  dismissApprovalsOnRevision: boolean;
}

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  approvalsRequired: 1,
  dismissApprovalsOnRevision: true
};

export type RequestAction =
  /** `revision`, when given, must be the latest: reviewing a stale revision is refused. */
  | { type: 'review'; verdict: Verdict; revision?: number; body?: string }
  | {
      type: 'revise';
      notebookSha256: string;
      commitSha: string;
      validation: ValidationSummary;
    }
  | { type: 'promote'; version: string }
  | { type: 'reject'; reason?: string }
  | { type: 'withdraw'; reason?: string };

export interface TransitionResult {
  request: PromotionRequest;
  events: AuditEvent[];
}

const ACTIVE: readonly RequestState[] = ['open', 'changes_requested', 'approved'];

/** States from which each action is legal (a self-loop records without moving). */
const LEGAL_FROM: Record<AuditAction, readonly RequestState[]> = {
  create: [],
  approve: ['open', 'approved'],
  request_changes: ['open', 'changes_requested'],
  review_comment: ACTIVE,
  comment: ACTIVE,
  resolve_comment: ACTIVE,
  revise: ACTIVE,
  promote: ['approved'],
  reject: ACTIVE,
  withdraw: ACTIVE
};

/** Applies `action` by `actor` at `now`; throws NotAllowedError, ConflictError or InputError. */
export function transition(
  request: PromotionRequest,
  action: RequestAction,
  actor: Actor,
  now: Date | string,
  policy: Partial<ReviewPolicy> = {}
): TransitionResult {
  const rules = resolvePolicy(policy);
  const at = toIso(now);
  const name = auditAction(action);
  assertCan(request, name, actor);
  const unreviewed =
    name === 'promote' && request.state === 'open' && rules.approvalsRequired === 0;
  if (!unreviewed) assertLegal(request.state, name);

  switch (action.type) {
    case 'review':
      return review(request, action, actor, at, rules);
    case 'revise':
      return revise(request, action, actor, at, rules);
    case 'promote': {
      const version = formatVersion(parseVersion(action.version, 'version'));
      return moved(request, { state: 'promoted', version }, actor, at, name, { version });
    }
    case 'reject':
      return moved(request, { state: 'rejected' }, actor, at, name, reasonDetails(action.reason));
    case 'withdraw':
      return moved(request, { state: 'withdrawn' }, actor, at, name, reasonDetails(action.reason));
  }
}

/** The audit event to record when `transition` threw `error` for this attempt. */
export function refusedEvent(
  request: PromotionRequest,
  action: RequestAction,
  actor: Actor,
  now: Date | string,
  error: unknown
): AuditEvent {
  const reason =
    error instanceof NbpromoteError
      ? { code: error.code, message: error.message }
      : { code: 'internal', message: 'unexpected error' };
  return {
    requestId: request.id,
    actor: actor.id,
    action: auditAction(action),
    at: toIso(now),
    fromState: request.state,
    toState: request.state,
    outcome: 'refused',
    details: reason
  };
}

/** Actions `actor` could take now: for enabling buttons, not a substitute for `transition`. */
export function availableActions(request: PromotionRequest, actor: Actor): Permission[] {
  const candidates: Permission[] = [
    'approve',
    'request_changes',
    'review_comment',
    'comment',
    'revise',
    'promote',
    'reject',
    'withdraw'
  ];
  return candidates.filter(name => {
    if (!LEGAL_FROM[name].includes(request.state)) return false;
    try {
      assertCan(request, name, actor);
      return true;
    } catch {
      return false;
    }
  });
}

/** Distinct reviewers whose latest standing verdict is an approval. */
export function countApprovals(reviews: readonly Review[]): number {
  const latest = new Map<string, Verdict>();
  for (const r of reviews) {
    if (r.verdict === 'comment' || r.dismissed) continue;
    latest.set(r.reviewer, r.verdict);
  }
  return [...latest.values()].filter(v => v === 'approve').length;
}

/** A request's state as people read it beside a disabled button, not its enum value. */
export function stateInWords(state: RequestState): string {
  return state === 'changes_requested' ? 'waiting for requested changes' : state;
}

/** Throws ConflictError (with the current state) when `action` is illegal from `state`. */
export function assertLegal(state: RequestState, action: AuditAction): void {
  if (LEGAL_FROM[action].includes(state)) return;
  const words = stateInWords(state);
  const why = TERMINAL_STATES.includes(state)
    ? `the request is ${words} and can no longer change`
    : `it is not allowed while the request is ${words}`;
  throw new ConflictError(`Cannot ${action.replace(/_/g, ' ')}: ${why}.`, { state, action });
}

function review(
  request: PromotionRequest,
  action: Extract<RequestAction, { type: 'review' }>,
  actor: Actor,
  at: string,
  rules: ReviewPolicy
): TransitionResult {
  const latest = latestRevision(request);
  if (action.revision !== undefined && action.revision !== latest) {
    throw new ConflictError(
      `Revision ${action.revision} is outdated; the latest revision is ${latest}.`,
      { state: request.state, revision: action.revision, latestRevision: latest },
      'stale_revision'
    );
  }
  const entry: Review = { reviewer: actor.id, verdict: action.verdict, revision: latest, at };
  if (action.body !== undefined) entry.body = action.body;
  const reviews = [...request.reviews, entry];
  let state = request.state;
  if (action.verdict === 'request_changes') state = 'changes_requested';
  const approvals = countApprovals(reviews);
  if (action.verdict === 'approve' && approvals >= rules.approvalsRequired) state = 'approved';
  return moved(request, { state, reviews }, actor, at, auditAction(action), {
    revision: latest,
    approvals,
    approvalsRequired: rules.approvalsRequired
  });
}

function revise(
  request: PromotionRequest,
  action: Extract<RequestAction, { type: 'revise' }>,
  actor: Actor,
  at: string,
  rules: ReviewPolicy
): TransitionResult {
  const number = latestRevision(request) + 1;
  const revision = {
    number,
    notebookSha256: action.notebookSha256,
    commitSha: action.commitSha,
    validation: action.validation,
    createdAt: at
  };
  let dismissed = 0;
  const reviews = request.reviews.map(r => {
    if (!rules.dismissApprovalsOnRevision || r.verdict !== 'approve' || r.dismissed) return r;
    dismissed += 1;
    return { ...r, dismissed: true };
  });
  // A new revision answers requested changes; approvals survive only if the policy keeps them.
  const stillApproved = countApprovals(reviews) >= rules.approvalsRequired;
  const state: RequestState = request.state === 'approved' && stillApproved ? 'approved' : 'open';
  return moved(
    request,
    { state, reviews, revisions: [...request.revisions, revision] },
    actor,
    at,
    'revise',
    { revision: number, commitSha: action.commitSha, dismissedApprovals: dismissed }
  );
}

function moved(
  request: PromotionRequest,
  changes: Partial<PromotionRequest> & { state: RequestState },
  actor: Actor,
  at: string,
  action: AuditAction,
  details: Record<string, unknown>
): TransitionResult {
  const next: PromotionRequest = { ...request, ...changes, updatedAt: at };
  const event: AuditEvent = {
    requestId: request.id,
    actor: actor.id,
    action,
    at,
    fromState: request.state,
    toState: next.state,
    outcome: 'applied',
    details
  };
  return { request: next, events: [event] };
}

function auditAction(action: RequestAction): Permission {
  if (action.type !== 'review') return action.type;
  return action.verdict === 'comment' ? 'review_comment' : action.verdict;
}

function latestRevision(request: PromotionRequest): number {
  return request.revisions.reduce((max, r) => Math.max(max, r.number), 0);
}

function reasonDetails(reason: string | undefined): Record<string, unknown> {
  return reason === undefined ? {} : { reason };
}

function resolvePolicy(policy: Partial<ReviewPolicy>): ReviewPolicy {
  const rules = { ...DEFAULT_REVIEW_POLICY, ...policy };
  if (!Number.isInteger(rules.approvalsRequired) || rules.approvalsRequired < 0) {
    throw new InputError('approvalsRequired must be a whole number of at least 0.', {
      field: 'approvalsRequired',
      value: rules.approvalsRequired
    });
  }
  return rules;
}

/** ISO-8601 timestamp from a Date or an ISO string (kept as given). */
export function toIso(now: Date | string): string {
  if (typeof now === 'string') return now;
  return now.toISOString();
}
