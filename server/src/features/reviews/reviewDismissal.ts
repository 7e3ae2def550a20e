/**
 * An admin dismisses a standing "changes requested" with a reason, so it no longer blocks
 * (the review rule's `changesRequestedBlocks`). Audited; a request held in
 * `changes_requested` only by that review goes back to `open`.
 */
import { type Actor, type PromotionRequest, isWritten } from '../../domain';
import { TERMINAL_STATES } from '../../domain/types';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '../../errors';
import type { AuditRecord } from '../../store/auditStore';
import type { Stores } from '../../store';
import type { EventBus } from '../events/eventBus';

export class ReviewDismissal {
  constructor(
    private readonly _stores: Stores,
    private readonly _events: EventBus
  ) {}

  async dismiss(
    actor: Actor,
    id: number,
    reviewId: number,
    reason: string,
    now = new Date()
  ): Promise<void> {
    if (actor.role !== 'admin') {
      throw new NotAllowedError('Only admins may dismiss a review.', { role: actor.role });
    }
    if (!isWritten(reason, 5)) {
      throw new InputError('A dismissal needs a written reason (at least 5 characters).', {
        field: 'reason'
      });
    }
    const why = reason.replace(/\s+/g, ' ').trim();
    const at = now.toISOString();
    const records = await this._stores.transaction(async tx => {
      const record = await tx.promotions.load(id);
      const r = record.request;
      const index = record.reviewIds.indexOf(reviewId);
      if (index < 0)
        throw new NotFoundError(`Request ${id} has no review ${reviewId}.`, { id, reviewId });
      const review = r.reviews[index];
      if (review.verdict !== 'request_changes') {
        throw new ConflictError('Only a "changes requested" review can be dismissed.', {
          state: r.state,
          reviewId
        });
      }
      if (TERMINAL_STATES.includes(r.state)) {
        throw new ConflictError(`The request is ${r.state} and can no longer change.`, {
          state: r.state
        });
      }
      if (review.dismissed) return [];
      const reviews = r.reviews.map((x, i) => (i === index ? { ...x, dismissed: true } : x));
      const stillBlocked = reviews.some(
        x => x.verdict === 'request_changes' && !x.dismissed && standing(reviews, x)
      );
      const state = r.state === 'changes_requested' && !stillBlocked ? 'open' : r.state;
      const next: PromotionRequest = { ...r, reviews, state, updatedAt: at };
      await tx.promotions.saveRequest(record, next);
      const event: AuditRecord = {
        requestId: id,
        actor: actor.id,
        action: 'dismiss_review',
        at,
        fromState: r.state,
        toState: state,
        outcome: 'applied',
        details: { reviewId, reviewer: review.reviewer, revision: review.revision, reason: why }
      };
      return tx.audit.append([event]);
    });
    this._events.publish(records);
  }
}

/** Whether `review` is its reviewer's latest verdict (comments aside). */
function standing(
  reviews: PromotionRequest['reviews'],
  review: PromotionRequest['reviews'][number]
): boolean {
  const mine = reviews.filter(x => x.reviewer === review.reviewer && x.verdict !== 'comment');
  return mine[mine.length - 1] === review;
}
