/** The audit trail, the catalog of promoted versions and the admin settings. */
import { Type } from '@sinclair/typebox';
import { AuditEventSchema } from '../../store/shapes';
import type { Operation } from '../../edge/api/operationObject';
import { QUERY } from '../../edge/api/parameters';
import { environment, nullableString, ref } from '../../edge/schemas';
import { RUN_BRIEF } from '../runs/contract';

const closed = { additionalProperties: false } as const;

/**
 * Remote URLs git may push to: https or ssh with a host (optional user, password, port), or
 * a local file:/// path. Nothing that starts with "-", no `::` transport helpers, no spaces.
 */
const REMOTE_URL_PATTERN =
  "^$|^(https|ssh)://([A-Za-z0-9_.~%!$&'()*+,;=-]+(:[A-Za-z0-9_.~%!$&'()*+,;=-]*)?@)?" +
  '[A-Za-z0-9_][A-Za-z0-9_.~-]*(:[0-9]{1,4})?(/[A-Za-z0-9_.~/-]*)?$' +
  '|^file://(/[A-Za-z0-9_~-][A-Za-z0-9_.~-]*)+/?$';

export const BODIES = {
  Settings: Type.Object(
    {
      remoteUrl: nullableString({
        maxLength: 2048,
        pattern: REMOTE_URL_PATTERN,
        description: 'https://, ssh:// or file:/// URL; null or "" for none'
      }),
      imageRegistry: Type.Optional(
        Type.Unsafe<string | null>({
          description:
            'Registry of bundle images, e.g. registry.example.com/ml; null or "" clears it.',
          anyOf: [
            { type: 'null' },
            { type: 'string', maxLength: 0 },
            {
              type: 'string',
              maxLength: 255,
              pattern:
                '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$'
            }
          ]
        })
      )
    },
    closed
  )
};

const str = Type.String();
const time = Type.String({ format: 'date-time' });
const CatalogVersion = Type.Object(
  {
    version: str,
    environment,
    requestId: Type.Integer({ minimum: 1 }),
    title: str,
    author: str,
    commitSha: str,
    promotedAt: time,
    approvals: Type.Array(
      Type.Object({ reviewer: str, revision: Type.Integer({ minimum: 1 }), at: time }, closed)
    ),
    lastRuns: Type.Array(RUN_BRIEF)
  },
  closed
);
const version = ref('CatalogVersion', CatalogVersion);

const AuditEvent = AuditEventSchema;

export const RESPONSES = {
  AuditEvent,
  AuditList: Type.Object({ items: Type.Array(ref('AuditEvent', AuditEvent)) }, closed),
  CatalogVersion,
  Catalog: Type.Object(
    {
      items: Type.Array(
        Type.Object(
          {
            project: str,
            algorithm: str,
            environments: Type.Object(
              {
                dev: Type.Optional(version),
                stage: Type.Optional(version),
                prod: Type.Optional(version)
              },
              closed
            ),
            history: Type.Array(version)
          },
          closed
        )
      )
    },
    closed
  ),
  Settings: Type.Object({ remoteUrl: nullableString(), imageRegistry: nullableString() }, closed)
};

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/audit',
    summary: 'Audit events, newest first (admins: all; others: their requests)',
    ok: [200, 'AuditList'],
    query: { requestId: QUERY.id('only this request'), limit: QUERY.limit(1000, 200) },
    errors: []
  },
  {
    method: 'get',
    path: '/catalog',
    summary:
      'Every project/algorithm: its version in each environment (request, approvals), history',
    ok: [200, 'Catalog'],
    errors: []
  },
  {
    method: 'get',
    path: '/settings',
    summary: 'Admin settings',
    ok: [200, 'Settings'],
    errors: [403]
  },
  {
    method: 'put',
    path: '/settings',
    summary: 'Change admin settings (remote URL: https, ssh or file)',
    body: 'Settings',
    ok: [200, 'Settings'],
    errors: [403]
  }
];
