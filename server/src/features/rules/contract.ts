/** The promotion rules: the document and its versions, tries on a request, accepted findings. */
import { Type } from '@sinclair/typebox';
import type { Operation } from '../../edge/api/operationObject';
import { QUERY } from '../../edge/api/parameters';
import { RULE_TYPES } from '../../rules/types';
import {
  anyObject,
  environment,
  nullableString,
  oneOf,
  ref,
  written,
  type Static
} from '../../edge/schemas';

const closed = { additionalProperties: false } as const;

export const BODIES = {
  SaveRules: Type.Object(
    {
      document: anyObject('A rules document (schema/rules.schema.json).'),
      message: written(2000),
      baseVersion: Type.Optional(
        Type.Integer({
          minimum: 1,
          description: 'The version the change starts from; 409 when the rules moved on.'
        })
      )
    },
    closed
  ),
  DryRunRules: Type.Object(
    {
      document: anyObject('A candidate rules document; nothing is stored.'),
      requestId: Type.Integer({ minimum: 1 }),
      environment: Type.Optional(environment)
    },
    closed
  ),
  AcceptFinding: Type.Object(
    {
      sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
      reason: written(1000),
      scanner: Type.Optional(written(200))
    },
    closed
  )
};

const str = Type.String();
const int = Type.Integer();
const strings = Type.Array(str);

const RuleResult = Type.Object(
  {
    id: str,
    type: oneOf(RULE_TYPES),
    enforcement: oneOf(['active', 'evaluate']),
    result: oneOf(['pass', 'fail', 'not_applicable']),
    status: oneOf(['pass', 'fail', 'not_applicable', 'evaluate_only', 'bypassed']),
    message: str,
    reasons: strings,
    details: Type.Optional(anyObject())
  },
  closed
);
const RuleEvaluation = Type.Object(
  {
    environment,
    rulesVersion: int,
    passed: Type.Boolean(),
    wouldPassAll: Type.Boolean(),
    results: Type.Array(ref('RuleResult', RuleResult)),
    failing: strings,
    bypass: Type.Optional(Type.Object({ by: str, reason: str, at: str, rules: strings }, closed))
  },
  closed
);
const RulesWarning = Type.Object({ path: str, message: str }, closed);
const versionSummary = {
  version: int,
  author: str,
  createdAt: str,
  message: str,
  sha256: str,
  commitSha: nullableString()
};
const warnings = Type.Array(ref('RulesWarning', RulesWarning));
const RulesVersionSummary = Type.Object(versionSummary, closed);
const RulesVersion = Type.Object(
  {
    ...versionSummary,
    document: anyObject('The rules document (schema/rules.schema.json).'),
    warnings
  },
  closed
);
export type RulesVersionSummary = Static<typeof RulesVersionSummary>;
export type RulesVersion = Static<typeof RulesVersion>;
const evaluation = ref('RuleEvaluation', RuleEvaluation);

export const RESPONSES = {
  RuleResult,
  RuleEvaluation,
  RuleCheck: Type.Object(
    {
      revision: int,
      environment,
      rulesVersion: int,
      passed: Type.Boolean(),
      bypassBy: nullableString(),
      bypassReason: nullableString(),
      createdAt: str,
      evaluation
    },
    closed
  ),
  RulesWarning,
  RulesVersion,
  RulesVersionList: Type.Object({ items: Type.Array(RulesVersionSummary) }, closed),
  RulesDiff: Type.Object(
    {
      from: int,
      to: int,
      changes: Type.Array(
        Type.Object(
          {
            path: str,
            op: oneOf(['added', 'removed', 'changed']),
            before: Type.Optional(Type.Unknown()),
            after: Type.Optional(Type.Unknown())
          },
          closed
        )
      )
    },
    closed
  ),
  RulesDryRun: Type.Object({ requestId: int, evaluation, warnings }, closed)
};

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/promotions/{id}/rules',
    summary: "Each rule's live result for the request's environment",
    ok: [200, 'RuleEvaluation'],
    query: {
      environment: {
        description: 'instead of the request environment',
        schema: { type: 'string', enum: ['dev', 'stage', 'prod'] }
      }
    }
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
    query: { limit: QUERY.limit(1000, 100) }
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
    query: {
      from: { ...QUERY.id('the older version'), required: true },
      to: { ...QUERY.id('the newer version'), required: true }
    }
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
  }
];
