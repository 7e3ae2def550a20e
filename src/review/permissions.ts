import type { CallerAction, PromotionDetail, Verdict } from '../client/types';
import type { ActionState } from './ReviewHeader';

/** The permission each verdict needs ("comment" as a verdict is a review comment). */
export const VERDICT_ACTION: Record<Verdict, CallerAction> = {
  approve: 'approve',
  request_changes: 'request_changes',
  comment: 'review_comment'
};

/**
 * Whether the reader may take an action, from the permissions answer the service sends with
 * the request (own request, role, state), so the panel never guesses the rules itself.
 */
export function permissionState(detail: PromotionDetail, action: CallerAction): ActionState {
  const answer = detail.permissions?.[action];
  return answer ? { allowed: answer.allowed, reason: answer.reason } : { allowed: true };
}
