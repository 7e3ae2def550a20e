/** JSON Schemas of response bodies (components of the OpenAPI document; src/client/types.ts). */
import { DIFF_RESPONSES } from './diffResponses';
import { int, object, ref, str, strings } from './responseSchema';

/** Timestamps are ISO 8601 UTC, as `Date.toISOString()` writes them. */
const time = { type: 'string', format: 'date-time' } as const;
const state = {
  type: 'string',
  enum: ['open', 'changes_requested', 'approved', 'promoted', 'rejected', 'withdrawn']
} as const;
const environment = { type: 'string', enum: ['dev', 'stage', 'prod'] } as const;

const checkProps = {
  steps: {
    type: 'array',
    items: object(
      {
        name: str,
        role: str,
        cellIds: strings,
        dependsOn: strings,
        prev: strings,
        inputs: { type: 'object', additionalProperties: str },
        inputsVia: { type: 'object', additionalProperties: strings },
        outputs: strings
      },
      ['role', 'inputsVia']
    )
  },
  parameters: { type: 'array', items: object({ name: str, type: str, default: {} }) },
  metrics: { type: 'array', items: object({ name: str, step: str }, ['step']) },
  problems: { type: 'array', items: ref('Problem') }
};

export const RESPONSES: Record<string, object> = {
  Error: object({
    error: object({ code: str, message: str, details: { type: 'object' } }, ['details'])
  }),
  Health: object({ status: str, service: str, version: str }),
  Problem: object(
    {
      severity: { type: 'string', enum: ['error', 'warning'] },
      code: str,
      message: str,
      cell: int,
      cellId: str,
      line: int,
      step: str,
      variable: str
    },
    ['cell', 'cellId', 'line', 'step', 'variable']
  ),
  CheckResult: object(checkProps),
  PreviewResult: object(
    {
      ...checkProps,
      files: { type: 'object', additionalProperties: str },
      project: str,
      algorithm: str,
      environment,
      version: str,
      versionFrom: {
        type: 'string',
        enum: ['notebook', 'first', 'bump'],
        description:
          "Where the version comes from: the notebook's settings, the first promotion (1.0.0 whatever the bump), or the bump."
      },
      currentVersion: str,
      diff: object({ added: strings, removed: strings, changed: strings }),
      runParameters: {
        type: 'array',
        items: object({
          name: str,
          value: {},
          from: { type: 'string', enum: ['environment', 'default'] }
        })
      },
      rules: ref('RuleEvaluation')
    },
    ['currentVersion', 'runParameters', 'rules']
  ),
  PromotionEvent: object(
    {
      requestId: int,
      action: {
        type: 'string',
        enum: [
          'create',
          'approve',
          'request_changes',
          'review_comment',
          'revise',
          'promote',
          'reject',
          'withdraw',
          'comment',
          'resolve_comment',
          'dismiss_review'
        ]
      },
      actor: str,
      fromState: state,
      toState: state,
      at: time,
      revision: int,
      commentId: int,
      parentId: int,
      cellId: str,
      resolved: { type: 'boolean' }
    },
    ['fromState', 'toState', 'revision', 'commentId', 'parentId', 'cellId', 'resolved']
  ),
  ...DIFF_RESPONSES
};
