/** Each caller's notifications (the inbox) and the event stream. */
import { Type } from '@sinclair/typebox';
import { AUDIT_ACTIONS, NotificationSchema, REQUEST_STATES } from '../../domain';
import type { Operation } from '../../edge/api/operationObject';
import { ID_SCHEMA, QUERY } from '../../edge/api/parameters';
import { oneOf, ref, type Static } from '../../edge/schemas';
import { VERIFICATION_STATUS } from '../verification/contract';

const closed = { additionalProperties: false } as const;

export const BODIES = {
  MarkNotificationsRead: Type.Object(
    {
      upTo: Type.Optional(
        Type.Integer({
          ...ID_SCHEMA,
          description: 'Only notifications with this id or lower (those the caller has seen).'
        })
      )
    },
    closed
  )
};

const int = Type.Integer();
const count = (description?: string) =>
  Type.Integer({ minimum: 0, ...(description ? { description } : {}) });
const time = Type.String({ format: 'date-time' });

const Notification = NotificationSchema;

const str = Type.String();
const opt = Type.Optional;
const state = oneOf(REQUEST_STATES);

/** The audit actions the event stream carries (a review is `approve`, `request_changes` or `review_comment`). */
export const EVENT_ACTIONS = [...AUDIT_ACTIONS, 'dismiss_review'] as const;

/**
 * What `GET /events` streams on every applied request change; the optional fields say what
 * the event is about (the revision reviewed, submitted or commented on; the thread a reply
 * belongs to; for `resolve_comment`, resolved or reopened), so a client refreshes only that.
 */
const PromotionEvent = Type.Object(
  {
    requestId: int,
    action: oneOf(EVENT_ACTIONS),
    actor: str,
    fromState: opt(state),
    toState: opt(state),
    at: time,
    revision: opt(int),
    commentId: opt(int),
    parentId: opt(int),
    cellId: opt(str),
    resolved: opt(Type.Boolean())
  },
  closed
);
export type PromotionEvent = Static<typeof PromotionEvent>;

/**
 * What `GET /events` streams when a verification run changes (queued, started, each step,
 * ended): which request and run, and the state it is in. The run itself (reason, log,
 * metrics) stays behind GET /promotions/{id}/verification, so the stream carries nothing a
 * subscriber could not read there.
 */
const VerificationEvent = Type.Object(
  {
    requestId: int,
    runId: int,
    revision: int,
    status: VERIFICATION_STATUS,
    step: opt(
      Type.Object(
        { index: int, total: int },
        { ...closed, description: 'running step `index` of `total`' }
      )
    ),
    at: time
  },
  closed
);
export type VerificationEvent = Static<typeof VerificationEvent>;

export const RESPONSES = {
  PromotionEvent,
  VerificationEvent,
  Notification,
  NotificationList: Type.Object(
    {
      items: Type.Array(ref('Notification', Notification)),
      unread: count('How many of my notifications are unread.')
    },
    closed
  ),
  NotificationsMarked: Type.Object({ marked: count(), unread: count() }, closed)
};

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/notifications',
    summary: 'My notifications (inbox): unread first, then newest first',
    ok: [200, 'NotificationList'],
    query: {
      unread: QUERY.flag('true: only unread ones'),
      since: QUERY.id('only notifications with a higher id (those that arrived since)'),
      limit: QUERY.limit(500, 100)
    },
    errors: []
  },
  {
    method: 'post',
    path: '/notifications/read',
    summary: 'Mark all my notifications read (up to an id)',
    body: 'MarkNotificationsRead',
    bodyOptional: true,
    ok: [200, 'NotificationsMarked'],
    errors: []
  },
  {
    method: 'post',
    path: '/notifications/{notificationId}/read',
    summary: 'Mark one of my notifications read (403 for anyone else’s)',
    ok: [200, 'Notification'],
    errors: [403]
  },
  {
    method: 'get',
    path: '/events',
    summary:
      'Server-Sent Events: `event: promotion` with a PromotionEvent on every change; ' +
      '`event: notification` with each new Notification of mine; `event: verification` with a ' +
      'VerificationEvent when a verification run changes. Promotion events carry ' +
      '`id:`; reconnecting with `Last-Event-ID` first sends those missed since (up to 1000)',
    headers: {
      'Last-Event-ID': {
        description: 'the id of the last event received; anything but an id is ignored',
        schema: { type: 'string' }
      }
    },
    ok: [200, 'EventStream'],
    errors: []
  }
];
