/** Converting rows to the API's shapes (src/client/types.ts): the one place names change case. */
import type { Selectable } from 'kysely';
import type {
  AuditEventTable,
  PromotionRequestTable,
  ReviewTable,
  RevisionTable
} from '../db/schema';
import type { Environment, RequestState, Verdict } from '../domain';
import type { Problem } from '../engine';
import type { AuditEventView, PromotionSummary, ReviewView, RevisionView } from './shapes';

export type {
  AuditEventView,
  PromotionDetail,
  PromotionSummary,
  ReviewView,
  RevisionView
} from './shapes';

export const SUMMARY_COLUMNS = [
  'id',
  'title',
  'notebook_path',
  'notebook_sha256',
  'project',
  'algorithm',
  'environment',
  'author',
  'state',
  'version',
  'revision',
  'created_at',
  'updated_at'
] as const;

type SummaryRow = Pick<Selectable<PromotionRequestTable>, (typeof SUMMARY_COLUMNS)[number]>;

export function toSummary(row: SummaryRow): PromotionSummary {
  return {
    id: Number(row.id),
    title: row.title,
    notebookPath: row.notebook_path,
    notebookSha256: row.notebook_sha256,
    project: row.project,
    algorithm: row.algorithm,
    environment: row.environment as Environment,
    author: row.author,
    // Stored by the state machine: one of its states.
    state: row.state as RequestState,
    version: row.version,
    revision: Number(row.revision),
    createdAt: row.created_at,
    updatedAt: row.updated_at
  };
}

export function toRevision(
  row: Pick<
    Selectable<RevisionTable>,
    'number' | 'notebook_sha256' | 'commit_sha' | 'created_at' | 'problems'
  >
): RevisionView {
  return {
    number: Number(row.number),
    notebookSha256: row.notebook_sha256,
    commitSha: row.commit_sha ?? '',
    createdAt: row.created_at,
    problems: JSON.parse(row.problems) as Problem[]
  };
}

export function toReview(row: Selectable<ReviewTable>): ReviewView {
  const view: ReviewView = {
    id: Number(row.id),
    reviewer: row.reviewer,
    verdict: row.verdict as Verdict,
    revision: Number(row.revision),
    dismissed: Number(row.dismissed) === 1,
    createdAt: row.created_at
  };
  if (row.body !== null) view.body = row.body;
  return view;
}

export function toAuditEvent(row: Selectable<AuditEventTable>): AuditEventView {
  return {
    id: Number(row.id),
    requestId: row.request_id === null ? null : Number(row.request_id),
    actor: row.actor,
    action: row.action,
    at: row.at,
    fromState: row.from_state,
    toState: row.to_state,
    // Written by the audit store: one of the two.
    outcome: row.outcome as AuditEventView['outcome'],
    details: JSON.parse(row.details) as Record<string, unknown>
  };
}
