/**
 * The shapes the stores answer reads with: what the API shows of a request, its revisions
 * and reviews, and of an audit event. The contracts publish these same schemas.
 */
import { Type, type TObject } from '@sinclair/typebox';
import { ENVIRONMENTS, REQUEST_STATES } from '../domain';
import { ProblemSchema } from '../engine';
import {
  anyObject,
  closed,
  int,
  nullableInt,
  nullableString,
  oneOf,
  ref,
  str,
  time,
  type Static
} from '../shapes';

export const VERDICTS = ['approve', 'request_changes', 'comment'] as const;

const summary = {
  id: int,
  title: str,
  notebookPath: str,
  notebookSha256: str,
  project: str,
  algorithm: str,
  environment: oneOf(ENVIRONMENTS),
  author: str,
  state: oneOf(REQUEST_STATES),
  version: str,
  revision: int,
  createdAt: time,
  updatedAt: time
};

export const PromotionSummarySchema = Type.Object(summary, closed);
export type PromotionSummary = Static<typeof PromotionSummarySchema>;

export const RevisionSchema = Type.Object(
  {
    number: int,
    notebookSha256: str,
    commitSha: str,
    createdAt: time,
    problems: Type.Array(ref('Problem', ProblemSchema))
  },
  closed
);
export type RevisionView = Static<typeof RevisionSchema>;

export const ReviewSchema = Type.Object(
  {
    id: int,
    reviewer: str,
    verdict: oneOf(VERDICTS),
    body: Type.Optional(str),
    revision: int,
    dismissed: Type.Boolean(),
    createdAt: time
  },
  closed
);
export type ReviewView = Static<typeof ReviewSchema>;

/** A request's stored part; the API adds what depends on the caller (PromotionDetail). */
export const storedDetail = {
  ...summary,
  description: str,
  revisions: Type.Array(ref('Revision', RevisionSchema)),
  reviews: Type.Array(ref('Review', ReviewSchema))
};
export type PromotionDetail = Static<TObject<typeof storedDetail>>;

export const AuditEventSchema = Type.Object(
  {
    id: int,
    requestId: nullableInt(),
    actor: str,
    action: str,
    at: time,
    fromState: nullableString(),
    toState: nullableString(),
    outcome: oneOf(['applied', 'refused']),
    details: anyObject
  },
  closed
);
export type AuditEventView = Static<typeof AuditEventSchema>;
