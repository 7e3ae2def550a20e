/**
 * Who is told about what: each applied action on a request becomes notifications for the
 * people it concerns, kept per user until read (an inbox), so someone who was away still
 * learns of it. Pure: the caller stores them in the action's own transaction.
 */
import { Type } from '@sinclair/typebox';
import { closed, int, oneOf, str, time, type Static } from '../shapes';
import type { AuditEvent, PromotionRequest } from './types';

export type NotificationKind =
  'changes_requested' | 'approved' | 'promoted' | 'rejected' | 'mentioned';

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'changes_requested',
  'approved',
  'promoted',
  'rejected',
  'mentioned'
];

/** A notification as its user reads it (the API's shape), with the title of its request. */
export const NotificationSchema = Type.Object(
  {
    id: int,
    kind: oneOf(NOTIFICATION_KINDS),
    requestId: int,
    title: str,
    actor: str,
    revision: Type.Optional(int),
    commentId: Type.Optional(int),
    excerpt: Type.String({ description: 'The words that came with it, shortened; "" for none.' }),
    createdAt: time,
    read: Type.Boolean(),
    readAt: Type.Optional(time)
  },
  closed
);
export type NotificationView = Static<typeof NotificationSchema>;

/** A notification before it is stored. */
export interface NotificationDraft {
  /** Who it is for. */
  user: string;
  kind: NotificationKind;
  requestId: number;
  /** Who did it. */
  actor: string;
  revision: number | null;
  commentId: number | null;
  /** The words that came with it (review summary, reason, comment), shortened; '' for none. */
  excerpt: string;
  at: string;
}

/** The longest excerpt kept, in characters. */
export const MAX_EXCERPT = 280;

/** The author hears of these, unless they did it themselves. */
const FOR_AUTHOR: Partial<Record<string, NotificationKind>> = {
  request_changes: 'changes_requested',
  approve: 'approved',
  promote: 'promoted',
  reject: 'rejected'
};

/** Actions whose text may mention people. */
const WITH_TEXT = new Set(['approve', 'request_changes', 'review_comment', 'reject', 'comment']);

/**
 * `@name` mentions in `text`, in order, each once. A name is what user names are made of
 * (letters, digits, `_`, `.`, `-`), starting after the start of the text or a character that
 * cannot be part of one, so `ada@example.com` mentions nobody; a trailing `.` ends a sentence.
 */
export function mentionedNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/(^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_][A-Za-z0-9_.-]*)/g)) {
    const name = match[2].replace(/\.+$/, '');
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/** `text` on one line, at most MAX_EXCERPT characters. */
export function excerptOf(text: string | undefined): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXCERPT ? `${flat.slice(0, MAX_EXCERPT - 1)}…` : flat;
}

/**
 * The notifications an applied `event` on `request` makes: the author is told of changes
 * requested, approvals, the promotion and a rejection by someone else; everyone `@named` in
 * the text that came with it (`isUser` says who exists) is told they were mentioned, unless
 * they acted or already hear of the event. Refused events make none.
 */
export function notificationsFor(
  request: Pick<PromotionRequest, 'id' | 'author'>,
  event: Pick<AuditEvent, 'actor' | 'at' | 'outcome' | 'details'> & { action: string },
  text: string | undefined,
  isUser: (name: string) => boolean
): NotificationDraft[] {
  if (event.outcome !== 'applied') return [];
  const details = event.details ?? {};
  const base = {
    requestId: Number(request.id),
    actor: event.actor,
    revision: typeof details.revision === 'number' ? details.revision : null,
    commentId: typeof details.commentId === 'number' ? details.commentId : null,
    excerpt: excerptOf(text),
    at: event.at
  };
  const drafts: NotificationDraft[] = [];
  const kind = FOR_AUTHOR[event.action];
  if (kind && request.author !== event.actor) {
    drafts.push({ ...base, user: request.author, kind });
  }
  if (text && WITH_TEXT.has(event.action)) {
    for (const name of mentionedNames(text)) {
      if (name === event.actor || drafts.some(d => d.user === name) || !isUser(name)) continue;
      drafts.push({ ...base, user: name, kind: 'mentioned' });
    }
  }
  return drafts;
}
