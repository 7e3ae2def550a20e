import type { PromotionDetail, Verdict } from '../client/types';
import type { ActionState } from './ReviewHeader';

/**
 * Whether the reader may give a verdict, from the permissions answer the service sends with
 * the request (so the panel never guesses the rules). Without that answer the button stays
 * enabled and the service's refusal is shown when it comes.
 */
export function actionState(detail: PromotionDetail, action: Verdict): ActionState {
  const permissions = (
    detail as { permissions?: Record<string, { allowed: boolean; reason?: string }> }
  ).permissions;
  const answer = permissions?.[action];
  return answer ? { allowed: answer.allowed, reason: answer.reason } : { allowed: true };
}
