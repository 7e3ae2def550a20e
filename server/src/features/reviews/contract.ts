/** Reviewing a request: the diff of two revisions, comment threads, viewed marks, dismissals. */
import { Type } from '@sinclair/typebox';
import { DIFF_SCHEMAS } from '../../diff/types';
import { CELL_ID_PATTERN, COMMENT_FIELDS } from '../../domain';
import { EXAMPLE_CELL_ID } from '../../edge/api/examples';
import type { Operation } from '../../edge/api/operationObject';
import { ID_SCHEMA, QUERY } from '../../edge/api/parameters';
import { positiveInt, ref, written } from '../../edge/schemas';
import { STATE_ERRORS } from '../promotions/contract';

const closed = { additionalProperties: false } as const;
const cellId = Type.String({ pattern: CELL_ID_PATTERN.source });

export const BODIES = {
  CreateComment: Type.Object(
    {
      revision: positiveInt,
      cellId,
      lineStart: Type.Optional(positiveInt),
      lineEnd: Type.Optional(positiveInt),
      body: written(20000),
      parentId: Type.Optional(positiveInt)
    },
    closed
  ),
  UpdateComment: Type.Object({ resolved: Type.Boolean() }, closed),
  MarkViewed: Type.Object(
    {
      revision: positiveInt,
      cellIds: Type.Array(cellId, { minItems: 1, maxItems: 10000 })
    },
    closed
  ),
  DismissReview: Type.Object({ reason: written(2000, 5) }, closed)
};

const int = Type.Integer();
const time = Type.String({ format: 'date-time' });
const Comment = Type.Object(
  {
    id: int,
    lineStart: Type.Optional(int),
    lineEnd: Type.Optional(int),
    parentId: Type.Optional(int),
    ...COMMENT_FIELDS
  },
  closed
);

export const RESPONSES = {
  ...DIFF_SCHEMAS,
  Comment,
  CommentList: Type.Object({ items: Type.Array(ref('Comment', Comment)) }, closed),
  ViewedCells: Type.Object(
    {
      revision: Type.Integer({ minimum: 1 }),
      cells: Type.Array(
        Type.Object(
          { cellId: Type.String(), revision: Type.Integer({ minimum: 1 }), markedAt: time },
          closed
        )
      )
    },
    closed
  )
};

const revisionQuery = QUERY.id('a revision number (default: the latest)');

export const OPERATIONS: Operation[] = [
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
    path: '/promotions/{id}/reviews/{reviewId}/dismiss',
    summary: 'Dismiss a standing "changes requested" with a reason (admins); audited',
    body: 'DismissReview',
    ok: [200, 'PromotionDetail']
  }
];
