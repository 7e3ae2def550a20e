/**
 * The inbox's part of the API: each caller's notifications, the body of "mark read" and the
 * response shapes. Kept in one file apart from the other bodies and responses.
 */
import { NOTIFICATION_KINDS } from '../../domain';
import type { Operation } from './operationObject';
import { ID_SCHEMA, QUERY } from './parameters';

export const NOTIFICATION_BODIES = {
  MarkNotificationsRead: {
    type: 'object',
    additionalProperties: false,
    properties: {
      upTo: {
        ...ID_SCHEMA,
        description: 'Only notifications with this id or lower (those the caller has seen).'
      }
    }
  }
} as const;

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;

const notification = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'requestId', 'title', 'actor', 'excerpt', 'createdAt', 'read'],
  properties: {
    id: int,
    kind: { type: 'string', enum: [...NOTIFICATION_KINDS] },
    requestId: int,
    title: str,
    actor: str,
    revision: int,
    commentId: int,
    excerpt: { ...str, description: 'The words that came with it, shortened; "" for none.' },
    createdAt: time,
    read: { type: 'boolean' },
    readAt: time
  }
} as const;

export const NOTIFICATION_RESPONSES = {
  Notification: notification,
  NotificationList: {
    type: 'object',
    additionalProperties: false,
    required: ['items', 'unread'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Notification' } },
      unread: { ...int, minimum: 0, description: 'How many of my notifications are unread.' }
    }
  },
  NotificationsMarked: {
    type: 'object',
    additionalProperties: false,
    required: ['marked', 'unread'],
    properties: { marked: { ...int, minimum: 0 }, unread: { ...int, minimum: 0 } }
  }
} as const;

export const NOTIFICATION_OPERATIONS: Operation[] = [
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
  }
];
