/**
 * Who may do what to a request. Separate from the state rules so the UI can ask "may I?"
 * (to hide a button) without attempting a transition.
 */
import { NotAllowedError } from '../errors';
import type { Actor, PromotionRequest, Role } from './types';

export type Permission =
  | 'approve'
  | 'request_changes'
  | 'review_comment'
  | 'comment'
  | 'revise'
  | 'promote'
  | 'reject'
  | 'withdraw';

const REVIEWERS: readonly Role[] = ['reviewer', 'admin'];

/** Why `actor` may not do `permission` on `request`, or null when they may. */
export function refusalReason(
  request: Pick<PromotionRequest, 'author'>,
  permission: Permission,
  actor: Actor
): string | null {
  const isAuthor = actor.id === request.author;
  switch (permission) {
    case 'approve':
    case 'request_changes':
      // Admins included: a second pair of eyes is the point of review.
      if (isAuthor) return `Nobody may ${verb(permission)} their own request.`;
      return REVIEWERS.includes(actor.role)
        ? null
        : `Only reviewers and admins may ${verb(permission)}.`;
    case 'reject':
      return REVIEWERS.includes(actor.role) ? null : 'Only reviewers and admins may reject.';
    case 'withdraw':
      return isAuthor || actor.role === 'admin'
        ? null
        : 'Only the author or an admin may withdraw a request.';
    case 'revise':
      // A revision is the author's notebook; others comment instead.
      return isAuthor ? null : 'Only the author may push a new revision.';
    case 'promote':
      // The author clicks Promote once approved; reviewers and admins may do it for them.
      return isAuthor || REVIEWERS.includes(actor.role)
        ? null
        : 'Only the author, a reviewer or an admin may promote.';
    case 'review_comment':
    case 'comment':
      // Access to the request itself is checked by the caller; any role may discuss.
      return null;
  }
}

export function can(
  request: Pick<PromotionRequest, 'author'>,
  permission: Permission,
  actor: Actor
): boolean {
  return refusalReason(request, permission, actor) === null;
}

/** Throws NotAllowedError when `actor` may not do `permission`. */
export function assertCan(
  request: Pick<PromotionRequest, 'author'>,
  permission: Permission,
  actor: Actor
): void {
  const reason = refusalReason(request, permission, actor);
  if (reason !== null) {
    throw new NotAllowedError(reason, { permission, role: actor.role });
  }
}

function verb(permission: 'approve' | 'request_changes'): string {
  return permission === 'approve' ? 'approve' : 'request changes on';
}
