/**
 * Plain data of the review domain. Everything here is immutable data that a store can load
 * and save as is; the rules that change it live in `transition.ts`.
 */
import type { Environment } from './environments';

/** The database assigns ids; numbers today, but nothing in the domain depends on which. */
export type RequestId = number | string;

export type RequestState =
  'open' | 'changes_requested' | 'approved' | 'promoted' | 'rejected' | 'withdrawn';

export const REQUEST_STATES: readonly RequestState[] = [
  'open',
  'changes_requested',
  'approved',
  'promoted',
  'rejected',
  'withdrawn'
];

/** States a request never leaves. */
export const TERMINAL_STATES: readonly RequestState[] = ['promoted', 'rejected', 'withdrawn'];

/** `pipeline-runner`: the token an orchestrator's runs report with; it may do nothing else. */
export type Role = 'data-scientist' | 'reviewer' | 'admin' | 'pipeline-runner';

export const ROLES: readonly Role[] = ['data-scientist', 'reviewer', 'admin', 'pipeline-runner'];

/** Who performs an action: a user id and the role the service granted them. */
export interface Actor {
  id: string;
  role: Role;
}

export type Verdict = 'approve' | 'request_changes' | 'comment';

/** What the rules engine said about a revision, kept small so it fits on the revision row. */
export interface ValidationSummary {
  passed: boolean;
  errors: number;
  warnings: number;
  /** Version of the rule set that produced it (rules are versioned). */
  rulesVersion?: number;
  /** The full report as produced by the rules engine, opaque to the domain. */
  report?: unknown;
}

/** One submitted version of the notebook; each is one commit on the request's branch. */
export interface Revision {
  /** 1, 2, 3... in submission order. */
  number: number;
  notebookSha256: string;
  commitSha: string;
  validation: ValidationSummary;
  createdAt: string;
}

export interface Review {
  reviewer: string;
  verdict: Verdict;
  /** The revision the reviewer looked at. */
  revision: number;
  body?: string;
  at: string;
  /** Set when a later revision dismissed this approval. */
  dismissed?: boolean;
}

export interface PromotionRequest {
  id: RequestId;
  title: string;
  description: string;
  notebookPath: string;
  project: string;
  algorithm: string;
  /** The environment this request promotes into. */
  environment: Environment;
  /** User id of the data scientist who opened it. */
  author: string;
  state: RequestState;
  /** Assigned when promoted; null before. */
  version: string | null;
  revisions: readonly Revision[];
  reviews: readonly Review[];
  createdAt: string;
  updatedAt: string;
}

export const AUDIT_ACTIONS = [
  'create',
  'approve',
  'request_changes',
  'review_comment',
  'revise',
  'promote',
  'reject',
  'withdraw',
  'comment',
  'resolve_comment'
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Every action, applied or refused, leaves one of these. */
export interface AuditEvent {
  requestId: RequestId;
  actor: string;
  action: AuditAction;
  at: string;
  fromState: RequestState | null;
  toState: RequestState | null;
  outcome: 'applied' | 'refused';
  details: Readonly<Record<string, unknown>>;
}
