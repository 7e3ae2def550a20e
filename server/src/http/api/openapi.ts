/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json, built from the same JSON Schemas
 * the routes validate bodies with (bodies.ts) and the response shapes (responses.ts).
 */
import { BODIES } from './bodies';
import { RESPONSES } from './responses';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: keyof typeof BODIES;
  /** Status and response schema name; `text/event-stream` for SSE. */
  ok: [number, string];
  /** Query parameters: a description (a string), or a description and an exact schema. */
  query?: Record<string, string | { description: string; schema: Record<string, unknown> }>;
  public?: boolean;
}

const id = 'The promotion request id.';

/** Path parameters whose schema is not a plain integer id. */
const PATH_SCHEMAS: Record<string, object> = {
  path: { type: 'string' },
  cellId: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' }
};

const revisionQuery = {
  description: 'a revision number (default: the latest)',
  schema: { type: 'integer', minimum: 1 }
};

export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/health', summary: 'Liveness', ok: [200, 'Health'], public: true },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    ok: [200, 'OpenApi'],
    public: true
  },
  { method: 'get', path: '/me', summary: 'Who the token belongs to', ok: [200, 'Identity'] },
  {
    method: 'post',
    path: '/promotions',
    summary: 'Open a promotion request',
    body: 'CreatePromotion',
    ok: [201, 'PromotionSummary']
  },
  {
    method: 'get',
    path: '/promotions',
    summary: 'List requests, newest first',
    ok: [200, 'PromotionList'],
    query: {
      mine: 'true: authored by me',
      reviewable: 'true: open and waiting for my review',
      state: 'only requests in this state',
      limit: 'at most this many (default 200, max 1000)'
    }
  },
  { method: 'get', path: '/promotions/{id}', summary: 'One request', ok: [200, 'PromotionDetail'] },
  {
    method: 'get',
    path: '/promotions/{id}/notebook',
    summary: "The latest revision's notebook as submitted",
    ok: [200, 'Notebook'],
    query: { revision: 'a revision number instead of the latest' }
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
        schema: { type: 'string', pattern: '^([1-9][0-9]{0,15}|production|last-reviewed)$' }
      },
      head: {
        description: 'a revision number (default the latest)',
        schema: { type: 'integer', minimum: 1, maximum: 999999999999999 }
      },
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
    ok: [201, 'PromotionDetail']
  },
  {
    method: 'post',
    path: '/promotions/{id}/reviews',
    summary: 'Approve, request changes or comment',
    body: 'CreateReview',
    ok: [201, 'PromotionDetail']
  },
  {
    method: 'get',
    path: '/promotions/{id}/comments',
    summary: 'Review comments, marked outdated when their cell changed later',
    ok: [200, 'CommentList']
  },
  {
    method: 'post',
    path: '/promotions/{id}/comments',
    summary: 'Comment on a cell (and lines) of a revision, or reply',
    body: 'CreateComment',
    ok: [201, 'Comment']
  },
  {
    method: 'patch',
    path: '/promotions/{id}/comments/{commentId}',
    summary: 'Resolve or reopen a thread',
    body: 'UpdateComment',
    ok: [200, 'Comment']
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
    ok: [200, 'PromotionDetail']
  },
  {
    method: 'post',
    path: '/promotions/{id}/reviews/{reviewId}/dismiss',
    summary: 'Dismiss a standing "changes requested" with a reason (admins); audited',
    body: 'DismissReview',
    ok: [200, 'PromotionDetail']
  },
  {
    method: 'get',
    path: '/promotions/{id}/rules',
    summary: "Each rule's live result for the request's environment",
    ok: [200, 'RuleEvaluation'],
    query: { environment: 'dev, stage or prod instead of the request environment' }
  },
  {
    method: 'get',
    path: '/rules',
    summary: 'The current rules version',
    ok: [200, 'RulesVersion']
  },
  {
    method: 'put',
    path: '/rules',
    summary:
      'Save a new rules version (admins; 400 names the JSON path, warnings list rules nobody could meet)',
    body: 'SaveRules',
    ok: [200, 'RulesVersion']
  },
  {
    method: 'get',
    path: '/rules/versions',
    summary: 'Rules versions, newest first',
    ok: [200, 'RulesVersionList'],
    query: { limit: 'at most this many (default 100, max 1000)' }
  },
  {
    method: 'get',
    path: '/rules/versions/{version}',
    summary: 'One rules version',
    ok: [200, 'RulesVersion']
  },
  {
    method: 'get',
    path: '/rules/diff',
    summary: 'What changed between two rules versions',
    ok: [200, 'RulesDiff'],
    query: { from: 'the older version (required)', to: 'the newer version (required)' }
  },
  {
    method: 'post',
    path: '/rules/dry-run',
    summary: 'Evaluate a candidate rules document against a request; nothing stored',
    body: 'DryRunRules',
    ok: [200, 'RulesDryRun']
  },
  {
    method: 'post',
    path: '/rules/accepted-findings',
    summary: 'Accept a secret finding as not secret, by the hash of its value (admins)',
    body: 'AcceptFinding',
    ok: [201, 'RulesVersion']
  },
  {
    method: 'post',
    path: '/promotions/{id}/withdraw',
    summary: 'Withdraw (author or admin)',
    body: 'StateChange',
    ok: [200, 'PromotionDetail']
  },
  {
    method: 'post',
    path: '/promotions/{id}/reject',
    summary: 'Reject (reviewer or admin)',
    body: 'StateChange',
    ok: [200, 'PromotionDetail']
  },
  {
    method: 'get',
    path: '/promotions/{id}/revisions/{number}/files',
    summary: "Paths of a revision's bundle files, relative to <project>/<algorithm>/",
    ok: [200, 'FileList']
  },
  {
    method: 'get',
    path: '/promotions/{id}/revisions/{number}/files/{path}',
    summary: 'One bundle file (path may contain "/")',
    ok: [200, 'File']
  },
  {
    method: 'get',
    path: '/audit',
    summary: 'Audit events, newest first (admins: all; others: their requests)',
    ok: [200, 'AuditList'],
    query: { requestId: 'only this request', limit: 'at most this many (default 200)' }
  },
  {
    method: 'get',
    path: '/catalog',
    summary:
      'Every project/algorithm: its version in each environment (request, approvals), history',
    ok: [200, 'Catalog']
  },
  {
    method: 'post',
    path: '/check',
    summary: 'Analyse a notebook; nothing stored',
    body: 'Check',
    ok: [200, 'CheckResult']
  },
  {
    method: 'post',
    path: '/preview',
    summary: 'What promoting would produce; nothing stored',
    body: 'Preview',
    ok: [200, 'PreviewResult']
  },
  { method: 'get', path: '/settings', summary: 'Admin settings', ok: [200, 'Settings'] },
  {
    method: 'put',
    path: '/settings',
    summary: 'Change admin settings (remote URL: https, ssh or file)',
    body: 'Settings',
    ok: [200, 'Settings']
  },
  {
    method: 'get',
    path: '/events',
    summary: 'Server-Sent Events: `event: promotion` with a PromotionEvent on every change',
    ok: [200, 'EventStream']
  }
];

const ERRORS: Record<number, string> = {
  400: 'Bad input (the error names the field or JSON path)',
  401: 'No valid API token',
  403: 'Not allowed for this role or user',
  404: 'Not found',
  409: 'Conflicts with the current state (details.state)',
  413: 'Body over the size limit',
  429: 'Too many write requests',
  500: 'Internal error (logged; no details are shown)'
};

function operation(op: Operation): Record<string, unknown> {
  const [status, schema] = op.ok;
  const content =
    schema === 'EventStream'
      ? { 'text/event-stream': { schema: { type: 'string' } } }
      : schema === 'OpenApi'
        ? { 'application/json': { schema: { type: 'object' } } }
        : { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } };
  const responses: Record<string, unknown> = { [status]: { description: 'OK', content } };
  for (const [code, description] of Object.entries(ERRORS)) {
    if (op.public && code !== '429' && code !== '500') continue;
    responses[code] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
    };
  }
  const parameters = [
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map(m => ({
      name: m[1],
      in: 'path',
      required: true,
      description: m[1] === 'id' ? id : m[1],
      schema: PATH_SCHEMAS[m[1]] ?? { type: 'integer', minimum: 1 }
    })),
    ...Object.entries(op.query ?? {}).map(([name, q]) => ({
      name,
      in: 'query',
      required: false,
      description: typeof q === 'string' ? q : q.description,
      schema: typeof q === 'string' ? { type: 'string' } : q.schema
    }))
  ];
  const result: Record<string, unknown> = { summary: op.summary, responses };
  if (parameters.length > 0) result.parameters = parameters;
  if (op.body) {
    result.requestBody = {
      required: true,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body}Body` } } }
    };
  }
  if (op.public) result.security = [];
  return result;
}

/** The OpenAPI document (built once). */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path][op.method] = operation(op);
  }
  const schemas: Record<string, unknown> = { ...RESPONSES };
  for (const [name, schema] of Object.entries(BODIES)) schemas[`${name}Body`] = schema;
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
