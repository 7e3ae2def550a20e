import type { CallerAction, PromotionDetail, Verdict } from '../client/types';
import { stateLabel } from '../format';
import type { ActionState } from './ReviewHeader';

/** The permission each verdict needs ("comment" as a verdict is a review comment). */
export const VERDICT_ACTION: Record<Verdict, CallerAction> = {
  approve: 'approve',
  request_changes: 'request_changes',
  comment: 'review_comment'
};

const STATES = ['open', 'changes_requested', 'approved', 'promoted', 'rejected', 'withdrawn'];

/**
 * Whether the reader may take an action, from the permissions answer the service sends with
 * the request (own request, role, state), so the panel never guesses the rules itself. The
 * reason is put in plain words: who asked for changes and what unblocks an approval, and
 * states as people say them ("changes requested"), never their API names.
 */
export function permissionState(
  detail: PromotionDetail,
  action: CallerAction,
  me: string | null = null
): ActionState {
  const answer = detail.permissions?.[action];
  if (!answer) {
    return { allowed: true };
  }
  if (answer.allowed) {
    return { allowed: true };
  }
  return { allowed: false, reason: plainReason(detail, action, answer.reason, me) };
}

function plainReason(
  detail: PromotionDetail,
  action: CallerAction,
  reason: string | undefined,
  me: string | null
): string | undefined {
  if (action === 'approve' && detail.state === 'changes_requested') {
    const standing = [...detail.reviews]
      .reverse()
      .find(r => r.verdict === 'request_changes' && !r.dismissed);
    if (standing) {
      const who = standing.reviewer === me ? 'You' : standing.reviewer;
      return `${who} requested changes on revision ${standing.revision}; approving waits for ${detail.author}'s next revision.`;
    }
  }
  if (!reason) {
    return undefined;
  }
  // The service names states by their API names ("changes_requested").
  return STATES.reduce(
    (text, state) => text.replace(new RegExp(`\\b${state}\\b`, 'g'), stateLabel(state)),
    reason
  );
}
