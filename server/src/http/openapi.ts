/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json, built from the same JSON Schemas
 * the routes validate bodies with (bodies.ts) and the response shapes (responses.ts); each
 * entry becomes an operation object in operationObject.ts.
 */
import { REQUEST_STATES } from '../domain';
import { BODIES } from '../edge/api/bodies';
import { EXAMPLE_CELL_ID, EXAMPLE_NOTEBOOK } from '../edge/api/examples';
import {
  NOTIFICATION_BODIES,
  NOTIFICATION_OPERATIONS,
  NOTIFICATION_RESPONSES
} from '../edge/api/notificationApi';
import { operationObject, type Link, type Operation } from '../edge/api/operationObject';
import { ID_SCHEMA, QUERY } from '../edge/api/parameters';
import { RESPONSES } from '../edge/api/responses';
import { RULES_OPERATIONS } from '../edge/api/rulesOperations';
import { RUN_OPERATIONS } from '../edge/api/runOperations';

export type { Link, Operation };

const STATE_ERRORS = [403, 404, 409];

/** Follow a request's id from its creation into the operations on it. */
const REQUEST_LINKS: Record<string, Link> = Object.fromEntries(
  [
    ['GetPromotion', 'get /promotions/{id}'],
    ['GetNotebook', 'get /promotions/{id}/notebook'],
    ['AddRevision', 'post /promotions/{id}/revisions'],
    ['Review', 'post /promotions/{id}/reviews'],
    ['ListComments', 'get /promotions/{id}/comments'],
    ['Comment', 'post /promotions/{id}/comments'],
    ['Promote', 'post /promotions/{id}/promote'],
    ['Withdraw', 'post /promotions/{id}/withdraw'],
    ['Reject', 'post /promotions/{id}/reject'],
    ['ListFiles', 'get /promotions/{id}/revisions/{number}/files']
  ].map(([name, to]) => [
    name,
    {
      to,
      parameters: to.includes('{number}')
        ? { id: '$response.body#/id', number: 1 }
        : { id: '$response.body#/id' }
    }
  ])
);

const revisionQuery = QUERY.id('a revision number (default: the latest)');

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    ok: [200, 'Health'],
    public: true,
    errors: []
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    ok: [200, 'OpenApi'],
    public: true,
    errors: []
  },
  {
    method: 'get',
    path: '/me',
    summary: 'Who the token belongs to',
    ok: [200, 'Identity'],
    errors: []
  },
  {
    method: 'post',
    path: '/promotions',
    summary: 'Open a promotion request',
    body: 'CreatePromotion',
    bodyExample: { path: 'example.ipynb', notebook: EXAMPLE_NOTEBOOK, title: 'Example' },
    ok: [201, 'PromotionSummary'],
    errors: [403, 409],
    links: REQUEST_LINKS
  },
  {
    method: 'get',
    path: '/promotions',
    summary: 'List requests, newest first',
    ok: [200, 'PromotionList'],
    query: {
      mine: QUERY.flag('true: authored by me'),
      reviewable: QUERY.flag('true: open and waiting for my review'),
      reviewed: QUERY.flag(
        'true: ones I reviewed (with `state=changes_requested`: waiting for the author after my review)'
      ),
      state: {
        description: 'only requests in this state',
        schema: { type: 'string', enum: [...REQUEST_STATES] }
      },
      limit: QUERY.limit(1000, 200)
    },
    errors: []
  },
  {
    method: 'get',
    path: '/promotions/{id}',
    summary: 'One request',
    ok: [200, 'PromotionDetail'],
    errors: []
  },
  {
    method: 'get',
    path: '/promotions/{id}/notebook',
    summary: "The latest revision's notebook as submitted",
    ok: [200, 'Notebook'],
    query: { revision: QUERY.id('a revision number instead of the latest') },
    errors: []
  },
  {
    method: 'get',
    path: '/promotions/{id}/diff',
    summary: 'What changed between two revisions: the pipeline first, then cell by cell',
    ok: [200, 'ReviewDiff'],
    query: {
      base: {
        description:
          "a revision number, `production` (what is promoted now in the request's " +
          'environment; an empty notebook when nothing is; the default) or `last-reviewed` ' +
          '(the revision you last reviewed)',
        schema: {
          anyOf: [ID_SCHEMA, { type: 'string', enum: ['production', 'last-reviewed'] }]
        }
      },
      head: QUERY.id('a revision number (default the latest)'),
      ...Object.fromEntries(
        [
          ['ignoreOutputs', 'outputs'],
          ['ignoreExecutionCounts', 'execution counts'],
          ['ignoreMetadata', 'cell and notebook metadata (tags are still shown)'],
          ['ignoreIds', 'cell ids (cells are matched by content)'],
          ['ignoreWhitespace', 'whitespace-only changes']
        ].map(([name, what]) => [
          name,
          {
            description: `true: ignore ${what}`,
            schema: { type: 'string', enum: ['true', 'false'] }
          }
        ])
      )
    }
  },
  {
    method: 'post',
    path: '/promotions/{id}/revisions',
    summary: 'Submit a new revision',
    body: 'AddRevision',
    bodyExample: { notebook: EXAMPLE_NOTEBOOK },
    ok: [201, 'PromotionDetail'],
    errors: STATE_ERRORS
  },
  {
    method: 'post',
    path: '/promotions/{id}/reviews',
    summary: 'Approve, request changes or comment',
    body: 'CreateReview',
    ok: [201, 'PromotionDetail'],
    errors: STATE_ERRORS
  },
  {
    method: 'get',
    path: '/promotions/{id}/comments',
    summary: 'Review comments, marked outdated when their cell changed later',
    ok: [200, 'CommentList'],
    errors: []
  },
  {
    method: 'post',
    path: '/promotions/{id}/comments',
    summary: 'Comment on a cell (and lines) of a revision, or reply',
    body: 'CreateComment',
    bodyExample: { revision: 1, cellId: EXAMPLE_CELL_ID, body: 'Why this threshold?' },
    ok: [201, 'Comment'],
    errors: STATE_ERRORS,
    links: {
      Resolve: {
        to: 'patch /promotions/{id}/comments/{commentId}',
        parameters: { id: '$request.path.id', commentId: '$response.body#/id' }
      }
    }
  },
  {
    method: 'patch',
    path: '/promotions/{id}/comments/{commentId}',
    summary: 'Resolve or reopen a thread',
    body: 'UpdateComment',
    ok: [200, 'Comment'],
    errors: STATE_ERRORS
  },
  {
    method: 'get',
    path: '/promotions/{id}/viewed',
    summary: 'The cells I marked viewed that are unchanged since, as of a revision',
    ok: [200, 'ViewedCells'],
    query: { revision: revisionQuery }
  },
  {
    method: 'put',
    path: '/promotions/{id}/viewed',
    summary: 'Mark cells of a revision viewed (for me)',
    body: 'MarkViewed',
    ok: [200, 'ViewedCells']
  },
  {
    method: 'delete',
    path: '/promotions/{id}/viewed/{cellId}',
    summary: 'Unmark a cell viewed as of a revision (for me)',
    ok: [200, 'ViewedCells'],
    query: { revision: revisionQuery }
  },
  {
    method: 'post',
    path: '/promotions/{id}/promote',
    summary:
      'Enforce the rules, merge into the environment branch and tag the version (409 `rules_failed` lists the failing rules in details.failing; an admin may pass bypassReason)',
    body: 'Promote',
    bodyOptional: true,
    ok: [200, 'PromotionDetail'],
    errors: STATE_ERRORS
  },
  ...RULES_OPERATIONS,
  {
    method: 'post',
    path: '/promotions/{id}/withdraw',
    summary: 'Withdraw (author or admin)',
    body: 'StateChange',
    bodyOptional: true,
    ok: [200, 'PromotionDetail'],
    errors: STATE_ERRORS
  },
  {
    method: 'post',
    path: '/promotions/{id}/reject',
    summary: 'Reject (reviewer or admin)',
    body: 'StateChange',
    bodyOptional: true,
    ok: [200, 'PromotionDetail'],
    errors: STATE_ERRORS
  },
  {
    method: 'get',
    path: '/promotions/{id}/revisions/{number}/files',
    summary: "Paths of a revision's bundle files, relative to <project>/<algorithm>/",
    ok: [200, 'FileList'],
    errors: []
  },
  {
    method: 'get',
    path: '/promotions/{id}/revisions/{number}/files/{path}',
    summary: 'One bundle file (path may contain "/")',
    ok: [200, 'File'],
    errors: []
  },
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
    method: 'post',
    path: '/check',
    summary: 'Analyse a notebook; nothing stored',
    body: 'Check',
    bodyExample: { path: 'example.ipynb', notebook: EXAMPLE_NOTEBOOK },
    ok: [200, 'CheckResult'],
    errors: []
  },
  {
    method: 'post',
    path: '/preview',
    summary: 'What promoting would produce; nothing stored',
    body: 'Preview',
    bodyExample: { path: 'example.ipynb', notebook: EXAMPLE_NOTEBOOK, environment: 'dev' },
    ok: [200, 'PreviewResult'],
    errors: []
  },
  {
    method: 'get',
    path: '/settings',
    summary: 'Admin settings',
    ok: [200, 'Settings'],
    errors: [403]
  },
  ...RUN_OPERATIONS,
  ...NOTIFICATION_OPERATIONS,
  {
    method: 'put',
    path: '/settings',
    summary: 'Change admin settings (remote URL: https, ssh or file)',
    body: 'Settings',
    ok: [200, 'Settings'],
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

/** The OpenAPI document (built once). */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path][op.method] = operationObject(op);
  }
  const schemas: Record<string, unknown> = { ...RESPONSES, ...NOTIFICATION_RESPONSES };
  for (const [name, schema] of Object.entries({ ...BODIES, ...NOTIFICATION_BODIES })) {
    schemas[`${name}Body`] = schema;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'nbpromote service',
      version,
      description:
        'Promotion requests for tagged notebooks: review, versions, artifacts in git. ' +
        'Every route except health and this document needs `Authorization: Bearer <token>`.'
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas
    }
  };
}
