/** Each caller's notifications (the inbox) and the event stream. */
import { Type } from '@sinclair/typebox';
import { NOTIFICATION_KINDS } from '../../domain';
import type { Operation } from '../../edge/api/operationObject';
import { ID_SCHEMA, QUERY } from '../../edge/api/parameters';
import { oneOf, ref } from '../../edge/schemas';

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

const Notification = Type.Object(
  {
    id: int,
    kind: oneOf(NOTIFICATION_KINDS),
    requestId: int,
    title: Type.String(),
    actor: Type.String(),
    revision: Type.Optional(int),
    commentId: Type.Optional(int),
    excerpt: Type.String({ description: 'The words that came with it, shortened; "" for none.' }),
    createdAt: time,
    read: Type.Boolean(),
    readAt: Type.Optional(time)
  },
  closed
);

export const RESPONSES = {
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
      '`event: notification` with each new Notification of mine. Promotion events carry ' +
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
