import type { Generated } from 'kysely';

/**
 * Row types of every table; the typed query layer checks each query against these.
 * Booleans are stored as 0/1 integers and JSON as text, the same on SQLite and PostgreSQL.
 */
export interface UserTable {
  id: Generated<number>;
  name: string;
  role: string;
  created_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  /** sha256 (hex) of the token; the token itself is never stored. */
  token_hash: string;
  created_at: string;
}

/**
 * A request. `state` is `pending` until its first revision is committed to git (crash repair
 * finishes or removes pending rows); `pending_action` marks a promotion under way.
 */
export interface PromotionRequestTable {
  id: Generated<number>;
  title: string;
  description: string;
  notebook_path: string;
  project: string;
  algorithm: string;
  environment: string;
  author: string;
  state: string;
  /** Reserved at submit time, never reused. */
  version: string;
  /** Latest committed revision number and its notebook hash (0 and '' while pending). */
  revision: number;
  notebook_sha256: string;
  pending_action: string | null;
  pending_actor: string | null;
  /** JSON: the rules' results a promotion in progress passed with. */
  pending_evaluation: string | null;
  created_at: string;
  updated_at: string;
}

/** One submitted notebook; `commit_sha` is null until its commit exists (pending). */
export interface RevisionTable {
  id: Generated<number>;
  request_id: number;
  number: number;
  /** Key of the submitted notebook's text in `notebooks`. */
  notebook_sha256: string;
  commit_sha: string | null;
  /** Engine problems (JSON array). */
  problems: string;
  /** Cell id -> source hash (JSON object), for outdated comments. */
  cell_hashes: string;
  /** Pipeline shape (JSON), for the default version bump of later promotions. */
  signature: string;
  created_at: string;
}

/**
 * Submitted notebooks as JSON text, keyed by sha256 and shared by identical submissions. Kept
 * out of `revisions` so reading a revision's small columns never touches ~1 MB of text.
 */
export interface NotebookTable {
  sha256: string;
  text: string;
}

export interface ReviewTable {
  id: Generated<number>;
  request_id: number;
  reviewer: string;
  verdict: string;
  body: string | null;
  revision: number;
  dismissed: number;
  created_at: string;
}

export interface CommentTable {
  id: Generated<number>;
  request_id: number;
  revision: number;
  cell_id: string;
  line_start: number | null;
  line_end: number | null;
  parent_id: number | null;
  author: string;
  body: string;
  resolved: number;
  created_at: string;
}

/** A reviewer's "viewed" mark on one cell of one revision (domain/viewed.ts). */
export interface ViewedCellTable {
  id: Generated<number>;
  request_id: number;
  user_name: string;
  revision: number;
  cell_id: string;
  created_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  request_id: number | null;
  actor: string;
  action: string;
  at: string;
  from_state: string | null;
  to_state: string | null;
  outcome: string;
  /** JSON object. */
  details: string;
}

/** Every version ever reserved per (project, algorithm); unique, so never reused. */
export interface VersionTable {
  id: Generated<number>;
  project: string;
  algorithm: string;
  version: string;
  request_id: number;
  /** `reserved` or `promoted`. */
  state: string;
  environment: string;
  commit_sha: string | null;
  created_at: string;
  promoted_at: string | null;
}

/**
 * One pipeline run as its runner reported it; a report with the same token replaces the
 * row. `record` holds parameters and steps, `metrics` the metrics (both JSON).
 */
export interface RunTable {
  id: Generated<number>;
  project: string;
  algorithm: string;
  version: string;
  environment: string;
  run_token: string;
  use_case: string;
  status: string;
  started_at: string;
  ended_at: string | null;
  commit_sha: string | null;
  record: string;
  metrics: string;
  reported_by: string;
  reported_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

/** One saved rules document; `number` counts 1, 2, 3... and never repeats. */
export interface RulesVersionTable {
  id: Generated<number>;
  number: number;
  /** The document as saved (JSON text) and its sha256. */
  document: string;
  sha256: string;
  author: string;
  message: string;
  created_at: string;
  /** The commit on the artifact repository's `rules` branch; null until it exists. */
  commit_sha: string | null;
}

/** What the rules said when a request was promoted (every rule's result, any bypass). */
export interface RuleCheckTable {
  id: Generated<number>;
  request_id: number;
  revision: number;
  environment: string;
  rules_version: number;
  passed: number;
  /** The evaluation (JSON); secrets in it are masked. */
  evaluation: string;
  bypass_by: string | null;
  bypass_reason: string | null;
  created_at: string;
}

/** One notification in a user's inbox (domain/notifications.ts); unread while `read_at` is null. */
export interface NotificationTable {
  id: Generated<number>;
  user_name: string;
  kind: string;
  request_id: number;
  actor: string;
  revision: number | null;
  comment_id: number | null;
  excerpt: string;
  created_at: string;
  read_at: string | null;
}

/**
 * A verification run of one revision (features/verification): queued, claimed under a lease,
 * ended with a status and reason. `result` holds steps, metrics and the comparison (JSON);
 * `log` the capped, masked output.
 */
export interface VerificationRunTable {
  id: Generated<number>;
  request_id: number;
  revision: number;
  environment: string;
  use_case: string;
  executor: string;
  author: string;
  requested_by: string;
  status: string;
  reason: string | null;
  step: string | null;
  step_index: number | null;
  step_total: number | null;
  queued_at: string;
  started_at: string | null;
  ended_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  result: string | null;
  log: string | null;
  /** sha256 of the run's runner token; null once the run ended. */
  runner_token_hash: string | null;
  /** JSON: what that token may report (project, algorithm, version, environment, runToken). */
  runner_scope: string | null;
}

export interface Database {
  users: UserTable;
  api_tokens: ApiTokenTable;
  promotion_requests: PromotionRequestTable;
  revisions: RevisionTable;
  notebooks: NotebookTable;
  reviews: ReviewTable;
  comments: CommentTable;
  viewed_cells: ViewedCellTable;
  audit_events: AuditEventTable;
  versions: VersionTable;
  settings: SettingTable;
  rules_versions: RulesVersionTable;
  rule_checks: RuleCheckTable;
  runs: RunTable;
  notifications: NotificationTable;
  verification_runs: VerificationRunTable;
}
