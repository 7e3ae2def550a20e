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
  /** Inputs that only shared functions the step calls read: name -> those functions. */
  inputsVia?: Record<string, string[]>;
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
