/** Promotion requests: open, list, read, revise, review and move them between states. */
import { Type } from '@sinclair/typebox';
import { REQUEST_STATES } from '../../domain';
import { CALLER_ACTIONS } from '../../domain/callerPermissions';
import { EXAMPLE_NOTEBOOK } from '../../edge/api/examples';
import type { Link, Operation } from '../../edge/api/operationObject';
import { QUERY } from '../../edge/api/parameters';
import {
  bump,
  environment,
  notebook,
  notebookPath,
  oneOf,
  positiveInt,
  ref,
  text,
  written
} from '../../edge/schemas';
import {
  PromotionSummarySchema,
  ReviewSchema,
  RevisionSchema,
  VERDICTS,
  storedDetail
} from '../../store/shapes';
import { RESPONSES as RULES } from '../rules/contract';

const closed = { additionalProperties: false } as const;

export const BODIES = {
  CreatePromotion: Type.Object(
    {
      path: notebookPath,
      notebook,
      title: Type.Optional(written(200)),
      description: Type.Optional(text(20000)),
      environment: Type.Optional(environment),
      bump: Type.Optional(bump)
    },
    closed
  ),
  AddRevision: Type.Object({ notebook }, closed),
  CreateReview: Type.Object(
    {
      verdict: oneOf(VERDICTS),
      body: Type.Optional(text(20000)),
      revision: Type.Optional(positiveInt)
    },
    closed
  ),
  StateChange: Type.Object({ reason: Type.Optional(text(2000)) }, closed),
  Promote: Type.Object(
    {
      reason: Type.Optional(text(2000)),
      bypassReason: Type.Optional(
        written(2000, 5, 'Admins only: promote past failing rules; written into the merge commit.')
      )
    },
    closed
  )
};

const str = Type.String();
const PromotionSummary = PromotionSummarySchema;
const Revision = RevisionSchema;
const Review = ReviewSchema;
const ActionPermission = Type.Object(
  { allowed: Type.Boolean(), code: Type.Optional(str), reason: Type.Optional(str) },
  closed
);
/** For the caller: whether each action would be accepted now, and the refusal if not. */
const Permissions = Type.Object(
  Object.fromEntries(
    CALLER_ACTIONS.map(a => [a, ref('ActionPermission', ActionPermission)])
  ) as Record<(typeof CALLER_ACTIONS)[number], typeof ActionPermission>,
  closed
);

export const RESPONSES = {
  PromotionSummary,
  PromotionList: Type.Object(
    { items: Type.Array(ref('PromotionSummary', PromotionSummary)) },
    closed
  ),
  Revision,
  Review,
  ActionPermission,
  Permissions,
  PromotionDetail: Type.Object(
    {
      ...storedDetail,
      permissions: ref('Permissions', Permissions),
      lastReviewedRevision: Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1 }),
      rules: Type.Optional(ref('RuleEvaluation', RULES.RuleEvaluation)),
      rulesCheck: Type.Optional(ref('RuleCheck', RULES.RuleCheck))
    },
    closed
  )
};

export const STATE_ERRORS = [403, 404, 409];

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

export const OPERATIONS: Operation[] = [
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
    method: 'post',
    path: '/promotions/{id}/promote',
    summary:
      'Enforce the rules, merge into the environment branch and tag the version (409 `rules_failed` lists the failing rules in details.failing; an admin may pass bypassReason)',
    body: 'Promote',
    bodyOptional: true,
    ok: [200, 'PromotionDetail'],
    errors: STATE_ERRORS
  },
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
  }
];
