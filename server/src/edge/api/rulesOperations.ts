/** The promotion rules' operations: the document and its versions, checks, dismissals. */
import type { Operation } from './operationObject';
import { QUERY } from './parameters';

export const RULES_OPERATIONS: Operation[] = [
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
