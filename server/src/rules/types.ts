/**
 * The rules document (schema/rules.schema.json) as TypeScript, and what evaluating it gives.
 * Plain data only; the engine in this folder is pure (no HTTP, database or DOM).
 */
import type { Environment } from '../domain/environments';
import type { Role } from '../domain/types';

export type Enforcement = 'active' | 'evaluate' | 'disabled';

interface RuleBase<T extends string, P> {
  id: string;
  type: T;
  enforcement?: Enforcement;
  message?: string;
  parameters?: P;
}

export interface ReviewParameters {
  approvals?: number;
  approvers?: { roles?: Role[]; users?: string[] };
  stepOwners?: { steps: string; users: string[]; approvals?: number }[];
  dismissStale?: 'any_revision' | 'code_or_pipeline_change' | 'never';
  requireResolvedThreads?: boolean;
  changesRequestedBlocks?: boolean;
}

export interface ContentParameters {
  requiredSteps?: string[];
  requiredMetadata?: { field: string; pattern?: string }[];
  forbiddenPatterns?: {
    pattern: string;
    message: string;
    ignoreCase?: boolean;
    scope?: 'sources' | 'sources_and_outputs';
  }[];
  noErrorOutputs?: boolean;
  requirementsPinned?: boolean;
  maxNotebookBytes?: number;
  maxCells?: number;
  maxOutputBytes?: number;
}

export interface SecretsParameters {
  scanOutputs?: boolean;
  scanMetadata?: boolean;
  disabledScanners?: string[];
  patterns?: { id: string; pattern: string; message?: string }[];
}

export interface EnvironmentOrderParameters {
  after?: Environment[];
}

export interface MetricParameters {
  metric: string;
  operator: '>=' | '>' | '<=' | '<' | '==';
  value: number;
  direction?: 'higher' | 'lower';
  noWorseThanCurrent?: { absolute?: number; relative?: number };
  whenNoCurrent?: 'pass' | 'fail';
}

export interface ReproducesParameters {
  useCase?: 'training' | 'prediction' | 'evaluation';
  metrics?: string[];
  tolerances?: { metric: string; absolute?: number; relative?: number }[];
  executor?: 'local' | 'airflow';
}

export interface Clock {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  time: string;
}

export interface FreezeParameters {
  timezone?: string;
  weekly?: { from: Clock; to: Clock }[];
  dates?: { from: string; to: string }[];
}

export type ReviewRule = RuleBase<'review', ReviewParameters>;
export type ContentRule = RuleBase<'content', ContentParameters>;
export type SecretsRule = RuleBase<'secrets', SecretsParameters>;
export type EnvironmentOrderRule = RuleBase<'environment_order', EnvironmentOrderParameters>;
export type MetricRule = RuleBase<'metric', MetricParameters> & { parameters: MetricParameters };
export type FreezeRule = RuleBase<'freeze', FreezeParameters> & { parameters: FreezeParameters };
export type ReproducesRule = RuleBase<'reproduces', ReproducesParameters>;

export type Rule =
  | ReviewRule
  | ContentRule
  | SecretsRule
  | EnvironmentOrderRule
  | MetricRule
  | FreezeRule
  | ReproducesRule;

export type RuleType = Rule['type'];

export const RULE_TYPES: readonly RuleType[] = [
  'review',
  'content',
  'secrets',
  'environment_order',
  'metric',
  'freeze',
  'reproduces'
];

export interface RuleSet {
  rules?: Rule[];
}

export interface AcceptedFinding {
  sha256: string;
  scanner?: string;
  reason: string;
  acceptedBy: string;
  acceptedAt: string;
}

export interface RulesDocument {
  schemaVersion: 1;
  defaults?: RuleSet;
  environments: Partial<Record<Environment, RuleSet>>;
  acceptedFindings?: AcceptedFinding[];
}

/**
 * What one rule says about one promotion. `result` is the rule's own answer; `status` is what
 * it means for this promotion: an evaluate-only rule never blocks, a bypassed one was waived.
 */
export type RuleOutcome = 'pass' | 'fail' | 'not_applicable';
export type RuleStatus = RuleOutcome | 'evaluate_only' | 'bypassed';

export interface RuleResult {
  id: string;
  type: RuleType;
  enforcement: Exclude<Enforcement, 'disabled'>;
  result: RuleOutcome;
  status: RuleStatus;
  /** One line a data scientist reads, e.g. "needs 1 more approval from an owner of step train". */
  message: string;
  /** Each specific reason the rule failed (or why it does not apply), in order. */
  reasons: string[];
  /** Structured specifics: findings, approvals counted, metric values and their source. */
  details?: Record<string, unknown>;
}

/** The whole evaluation of one promotion against one rules version. */
export interface Evaluation {
  environment: Environment;
  rulesVersion: number;
  /** Every active rule passes or does not apply (evaluate-only rules never count). */
  passed: boolean;
  /** Whether every rule would pass if the evaluate-only ones were active too. */
  wouldPassAll: boolean;
  results: RuleResult[];
  /** Active rules that fail: what a promotion would be refused for. */
  failing: string[];
  bypass?: { by: string; reason: string; at: string; rules: string[] };
}
