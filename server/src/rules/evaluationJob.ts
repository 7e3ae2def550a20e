/**
 * One evaluation as plain data: the notebook as submitted (its JSON text and the engine's
 * structure), the facts the service read from its stores, and the rules. Plain so it can cross
 * to a worker thread, where decoding, the secret scan, the admins' patterns and every rule run
 * away from the service's event loop; the same function runs in process when no worker can.
 */
import type { Environment } from '../domain/environments';
import type { Role } from '../domain/types';
import { changedSteps } from './changes';
import { evaluateRules } from './engine';
import type { EvaluationFacts, RequestFacts, VerificationFact } from './facts';
import { metricsOf } from './metrics';
import { viewOfJson, type NotebookView, type ViewStructure } from './notebookView';
import { scanText, type ScanText, type SecretFinding } from './secretText';
import type { Evaluation, Rule } from './types';

export interface NotebookInput {
  /** The notebook's JSON text as stored. */
  text: string;
  /** Its sha256: what a secret scan is remembered by. */
  sha256: string;
  /** The engine's ids and steps; without it they are read from the tags. */
  structure?: ViewStructure;
}

export interface EvaluationJob {
  /** The rules of `environment`, disabled ones included (they report nothing). */
  rules: Rule[];
  environment: Environment;
  rulesVersion: number;
  /** ISO time the freeze windows are checked at. */
  now: string;
  notebook: NotebookInput;
  /** The version now in the environment, when a review or metric rule compares with it. */
  current: { version: string; notebook: NotebookInput } | null;
  request?: RequestFacts;
  roles: Record<string, Role>;
  acceptedSecrets: string[];
  promotedIn: Environment[];
  /** Steps the pipeline diff says changed; when absent the views are compared here. */
  changedSteps?: string[] | null;
  /** The request's latest verification run, when a reproduces rule reads it. */
  verification?: VerificationFact | null;
}

/** The secret scanner: findings of the decoded text, or null when the scan failed. */
export type SecretScan = (text: ScanText, sha256: string) => Promise<SecretFinding[] | null>;

function viewOf(input: NotebookInput): NotebookView {
  const json = JSON.parse(input.text) as Record<string, unknown>;
  return viewOfJson(json, Buffer.byteLength(input.text, 'utf8'), input.structure);
}

/** Whether a rule of `type` will run (active or evaluate-only). */
function runs(rules: readonly Rule[], type: Rule['type']): boolean {
  return rules.some(r => r.type === type && (r.enforcement ?? 'active') !== 'disabled');
}

/** The scanner's findings in a notebook's sources, outputs and metadata (null: it failed). */
export function scanNotebook(
  input: NotebookInput,
  scan: SecretScan,
  view: NotebookView = viewOf(input)
): Promise<SecretFinding[] | null> {
  return scan(scanText(view, { outputs: true, metadata: true }), input.sha256);
}

export async function runEvaluation(job: EvaluationJob, scan: SecretScan): Promise<Evaluation> {
  const view = viewOf(job.notebook);
  const base = job.current ? viewOf(job.current.notebook) : null;
  const secrets = runs(job.rules, 'secrets') ? await scanNotebook(job.notebook, scan, view) : [];
  const facts: EvaluationFacts = {
    environment: job.environment,
    rulesVersion: job.rulesVersion,
    now: new Date(job.now),
    notebook: view,
    roles: job.roles,
    changedSteps:
      job.changedSteps !== undefined ? job.changedSteps : base ? changedSteps(view, base) : null,
    secrets,
    acceptedSecrets: new Set(job.acceptedSecrets),
    metrics: metricsOf(view),
    current:
      job.current && base ? { version: job.current.version, metrics: metricsOf(base) } : null,
    promotedIn: job.promotedIn
  };
  if (job.request) facts.request = job.request;
  if (job.verification !== undefined) facts.verification = job.verification;
  return evaluateRules(job.rules, facts);
}
