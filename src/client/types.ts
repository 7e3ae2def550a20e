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
  rules?: RulesEvaluation;
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
  /** The live rule status for the request's environment. */
  rules?: RulesEvaluation;
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

/** How a rule counts: `active` blocks, `evaluate` is only reported, `disabled` is skipped. */
export type RuleEnforcement = 'active' | 'evaluate' | 'disabled';

/**
 * One rule's outcome for a request or a preview. `evaluate` is a failing evaluate-only rule
 * (reported, never blocks); `bypassed` a failing rule an admin promoted past with a reason.
 */
export type RuleStatus = 'pass' | 'fail' | 'not_applicable' | 'evaluate' | 'bypassed' | 'error';

/** One rule's result, in words a data scientist can act on. */
export type RuleResult = {
  id: string;
  type: string;
  enforcement: RuleEnforcement;
  status: RuleStatus;
  /** What passed or what is still needed ("needs 1 more approval from an owner of step train"). */
  message: string;
  /** Where the rule comes from: the defaults or the environment's own section. */
  scope?: RulesScope;
  /** Findings located in the notebook (cell number and id, output, line); secrets masked. */
  findings?: { message: string; cell?: number; cellId?: string; output?: number; line?: number }[];
  details?: Record<string, unknown>;
};

/** Every rule's result for one environment under one rules version. */
export type RulesEvaluation = {
  environment: Environment;
  rulesVersion: number;
  /** `pass` when no active rule fails. */
  result: 'pass' | 'fail' | 'bypass';
  results: RuleResult[];
};

/** The rules document (schema/rules.schema.json): defaults and per-environment sections. */
export type RulesDocument = Record<string, unknown>;

/** One saved version of the rules, as the history lists it. */
export type RulesVersionSummary = {
  version: number;
  author: string;
  message: string;
  createdAt: string;
};

/** GET /rules, GET /rules/versions/:n: one version with its document. */
export type RulesVersion = RulesVersionSummary & { document: RulesDocument };

/** PUT /rules: the new version, and warnings such as rules nobody can meet. */
export type SavedRules = RulesVersion & { warnings?: { path: string; message: string }[] };

/** One difference between two rules versions, at a JSON path of the document. */
export type RulesChange = {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
};

/** GET /rules/diff?from=&to= */
export type RulesDiff = { from: number; to: number; changes: RulesChange[] };

/** POST /rules/dry-run: a candidate document tried on request #N (nothing stored). */
export type RulesDryRun = RulesEvaluation & { requestId: number };

/** POST /promotions/:id/promote: an admin's reason for promoting past failing rules. */
export type PromoteOptions = { bypassReason?: string };
