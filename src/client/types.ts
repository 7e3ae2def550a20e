/**
 * The shapes the nbpromote service answers with (REST under /api/v1). The service's OpenAPI
 * document at /api/v1/openapi.json describes the same shapes; keep the two in step.
 */

export type Role = 'data-scientist' | 'reviewer' | 'admin';
export type Environment = 'dev' | 'stage' | 'prod';
export type RequestState =
  'open' | 'changes_requested' | 'approved' | 'promoted' | 'rejected' | 'withdrawn';
export type Verdict = 'approve' | 'request_changes' | 'comment';
export type Bump = 'major' | 'minor' | 'patch';

/** GET /me */
export type Identity = { name: string; role: Role };

/** One problem found in a notebook, located by cell (1-based number and id), step, variable. */
export type Problem = {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  cell?: number;
  cellId?: string;
  line?: number;
  step?: string;
  variable?: string;
};

export type StepSummary = {
  name: string;
  role?: string;
  cellIds: string[];
  dependsOn: string[];
  /** Explicit `prev:` dependencies (the rest of dependsOn is inferred). */
  prev: string[];
  inputs: Record<string, string>;
  outputs: string[];
};

export type ParameterSummary = { name: string; type: string; default: unknown };

/** POST /check: the live analysis the pipeline panel shows. */
export type CheckResult = {
  steps: StepSummary[];
  parameters: ParameterSummary[];
  metrics: { name: string; step?: string }[];
  problems: Problem[];
};

/** POST /preview: what promoting would produce, without storing anything. */
export type PreviewResult = CheckResult & {
  /** Bundle files, path -> text content. Empty when there are blocking problems. */
  files: Record<string, string>;
  project: string;
  algorithm: string;
  environment: Environment;
  /** The version this promotion would get with the chosen bump. */
  version: string;
  /** Version now promoted in the target environment, if any. */
  currentVersion?: string;
  /** Bundle paths added, removed and changed against what the environment has now. */
  diff: { added: string[]; removed: string[]; changed: string[] };
  /** Every rule's result for the chosen environment (the review rules as still needed). */
  rules?: RuleEvaluation;
};

export type Revision = {
  number: number;
  notebookSha256: string;
  commitSha: string;
  createdAt: string;
  problems: Problem[];
};

export type Review = {
  id: number;
  reviewer: string;
  verdict: Verdict;
  body?: string;
  revision: number;
  dismissed: boolean;
  createdAt: string;
};

/** A promotion request as lists show it. */
export type PromotionSummary = {
  id: number;
  title: string;
  notebookPath: string;
  notebookSha256: string;
  project: string;
  algorithm: string;
  environment: Environment;
  author: string;
  state: RequestState;
  version: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
};

/** GET /promotions/:id */
export type PromotionDetail = PromotionSummary & {
  description: string;
  revisions: Revision[];
  reviews: Review[];
  /** The live rule status while the request is active. */
  rules?: RuleEvaluation;
  /** The rules' results recorded at promotion. */
  rulesCheck?: RuleCheck;
};

/** POST /promotions */
export type CreatePromotion = {
  path: string;
  notebook: unknown;
  title?: string;
  description?: string;
  environment?: Environment;
  bump?: Bump;
};

/** One event of GET /events (Server-Sent Events, `event: promotion`). */
export type PromotionEvent = {
  requestId: number;
  action: string;
  actor: string;
  fromState?: RequestState;
  toState?: RequestState;
  at: string;
};

/** Where a rule applies: the defaults every environment starts from, or one environment. */
export type RulesScope = 'defaults' | Environment;

export type RuleType = 'review' | 'content' | 'secrets' | 'environment_order' | 'metric' | 'freeze';

/**
 * What one rule says about one promotion. `result` is the rule's own answer; `status` what it
 * means here: an evaluate-only rule never blocks, a bypassed one was waived by an admin.
 */
export type RuleResult = {
  id: string;
  type: RuleType;
  /** Disabled rules are not evaluated, so they have no result. */
  enforcement: 'active' | 'evaluate';
  result: 'pass' | 'fail' | 'not_applicable';
  status: 'pass' | 'fail' | 'not_applicable' | 'evaluate_only' | 'bypassed';
  /** One line to act on, e.g. "needs 1 more approval from an owner of step train". */
  message: string;
  /** Each specific reason the rule failed (or does not apply), in order. */
  reasons: string[];
  /** Specifics: findings (secrets masked), approvals counted, metric values and their source. */
  details?: Record<string, unknown>;
};

/** Every rule's result for one promotion under one rules version. */
export type RuleEvaluation = {
  environment: Environment;
  rulesVersion: number;
  /** Every active rule passes or does not apply. */
  passed: boolean;
  /** Whether every rule would pass if the evaluate-only ones were active too. */
  wouldPassAll: boolean;
  results: RuleResult[];
  /** Ids of the active rules that fail: what a promotion would be refused for. */
  failing: string[];
  bypass?: { by: string; reason: string; at: string; rules: string[] };
};

/** The rules' results recorded when a request was promoted. */
export type RuleCheck = {
  revision: number;
  environment: Environment;
  rulesVersion: number;
  passed: boolean;
  bypassBy: string | null;
  bypassReason: string | null;
  createdAt: string;
  evaluation: RuleEvaluation;
};

/** The rules document (schema/rules.schema.json): defaults and per-environment sections. */
export type RulesDocument = Record<string, unknown>;

/** A rule that saves but may not be met, e.g. more approvals than eligible reviewers. */
export type RulesWarning = { path: string; message: string };

/** One saved version of the rules, as the history lists it. */
export type RulesVersionSummary = {
  version: number;
  author: string;
  createdAt: string;
  message: string;
  sha256: string;
  /** The commit on the artifact repository's rules branch. */
  commitSha: string | null;
};

/** GET /rules/versions */
export type RulesVersionList = { items: RulesVersionSummary[] };

/** GET /rules, GET /rules/versions/:n, PUT /rules: one version with its document. */
export type RulesVersion = RulesVersionSummary & {
  document: RulesDocument;
  warnings: RulesWarning[];
};

/** GET /rules/diff?from=&to=: each difference at a JSON path of the document. */
export type RulesDiff = {
  from: number;
  to: number;
  changes: {
    path: string;
    op: 'added' | 'removed' | 'changed';
    before?: unknown;
    after?: unknown;
  }[];
};

/** POST /rules/dry-run: a candidate document tried on request #N (nothing stored). */
export type RulesDryRun = {
  requestId: number;
  evaluation: RuleEvaluation;
  warnings: RulesWarning[];
};

/** POST /promotions/:id/promote: an admin's reason for promoting past failing rules. */
export type PromoteOptions = { bypassReason?: string };
