/**
 * Notifications stored in the transaction of the action that causes them (so an action and
 * its notifications are both kept or both lost), then sent to their users' event streams once
 * committed (EventBus.notify).
 */
import { mentionedNames, notificationsFor, type PromotionRequest } from '../../domain';
import type { AuditRecord } from '../../store/auditStore';
import type { StoredNotification, Stores } from '../../store';

/**
 * Stores the notifications `events` on `request` make; `textOf` gives the words that came
 * with an event (a review summary, a reason, a comment), if any.
 */
export async function storeNotifications(
  tx: Stores,
  request: Pick<PromotionRequest, 'id' | 'author'>,
  events: readonly AuditRecord[],
  textOf: (event: AuditRecord) => string | undefined
): Promise<StoredNotification[]> {
  const stored: StoredNotification[] = [];
  for (const event of events) {
    const text = textOf(event);
    const users = await tx.users.existing(text ? mentionedNames(text) : []);
    const drafts = notificationsFor(request, event, text, name => users.has(name));
    stored.push(...(await tx.notifications.insert(drafts)));
  }
  return stored;
}

/** The text a state change came with: the actor's review summary, or the reason given. */
export function stateChangeText(
  request: Pick<PromotionRequest, 'reviews'>,
  event: AuditRecord
): string | undefined {
  if (['approve', 'request_changes', 'review_comment'].includes(event.action)) {
    const mine = request.reviews.filter(r => r.reviewer === event.actor);
    return mine[mine.length - 1]?.body;
  }
  const reason = event.details?.reason;
  return typeof reason === 'string' ? reason : undefined;
}
