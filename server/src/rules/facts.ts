/** Everything a rule may look at, gathered by the service before the pure engine runs. */
import type { Environment } from '../domain/environments';
import type { Role, Verdict } from '../domain/types';
import type { MetricValue } from './metrics';
import type { NotebookView } from './notebookView';
import type { SecretFinding } from './secretText';

export interface ReviewFact {
  reviewer: string;
  verdict: Verdict;
  /** The revision reviewed. */
  revision: number;
  at: string;
  /** An admin dismissed this "changes requested", with a reason. */
  dismissedBy?: string;
}

export interface RequestFacts {
  id: number;
  author: string;
  /** Latest revision number. */
  latestRevision: number;
  /** For each revision after the first: whether it changed only outputs (not code or pipeline). */
  outputsOnly: Record<number, boolean>;
  reviews: ReviewFact[];
  unresolvedThreads: number;
}

/** The latest verification run of the request (features/verification), as rules read it. */
export interface VerificationFact {
  revision: number;
  useCase: string;
  executor: string;
  status: 'queued' | 'running' | 'passed' | 'failed' | 'timed_out' | 'cancelled' | 'lost';
  reason: string | null;
  step: { name: string; index: number; total: number } | null;
  /** The run's metrics when the run itself succeeded (whatever the comparison said). */
  runMetrics: Record<string, number | string> | null;
}

export interface EvaluationFacts {
  environment: Environment;
  rulesVersion: number;
  now: Date;
  notebook: NotebookView;
  /** Absent before a request exists (the Promote dialog's preview). */
  request?: RequestFacts;
  /** Roles of the users the service knows. */
  roles: Record<string, Role>;
  /**
   * Steps that differ from what is now in this environment (added, removed or changed);
   * null when nothing is there yet, so every step counts as changed.
   */
  changedSteps: string[] | null;
  /** Secret findings of the scanner, located and masked; null when the scan failed. */
  secrets: SecretFinding[] | null;
  /** Hashes an admin accepted as not secret. */
  acceptedSecrets: ReadonlySet<string>;
  metrics: MetricValue[];
  /** The version now in this environment, with its metrics. */
  current: { version: string; metrics: MetricValue[] } | null;
  /** Environments where the same bundle content (code and pipeline) is already promoted. */
  promotedIn: Environment[];
  /** The request's latest verification run; null when none ran, absent before a request. */
  verification?: VerificationFact | null;
}
