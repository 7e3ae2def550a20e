/**
 * Runs the rules for a promotion: gathers the facts the pure engine needs (the notebook
 * decoded, a secret scan, metrics, what is now in the environment, reviews and threads),
 * evaluates, and at promote enforces: failing active rules refuse with 409 unless an admin
 * bypasses them with a written reason.
 */
import {
  ENVIRONMENTS,
  isWritten,
  parseEnvironment,
  type Actor,
  type Environment,
  type PromotionRequest,
  type Role
} from '../../domain';
import { TERMINAL_STATES } from '../../domain/types';
import { ConflictError, InputError, NotAllowedError } from '../../errors';
import {
  bypass,
  contentKey,
  contentShape,
  rulesFor,
  secretProblems,
  structureOf,
  type Evaluation,
  type EvaluationJob,
  type NotebookInput,
  type RequestFacts,
  type RulesDocument,
  type VerificationFact
} from '../../rules';
import type { Problem } from '../../engine';
import type { RequestRecord, Stores } from '../../store';
import type { NotebookAnalyzer, NotebookFacts } from '../notebooks/notebookFacts';
import type { DiffService } from '../reviews/diffService';
import type { RulesService } from './rulesService';
import { RecentMap } from '../../runtime/recentMap';
import type { RuleEvaluator } from './ruleEvaluator';

/** The rules' results recorded when a request was promoted. */
export interface RuleCheckView {
  revision: number;
  environment: string;
  rulesVersion: number;
  passed: boolean;
  bypassBy: string | null;
  bypassReason: string | null;
  createdAt: string;
  evaluation: Evaluation;
}

/** What a candidate is checked against: the current rules, or a document being tried. */
export interface RulesChoice {
  document: RulesDocument;
  version: number;
}

export class RuleChecks {
  constructor(
    private readonly _o: {
      stores: Stores;
      analyzer: NotebookAnalyzer;
      evaluator: RuleEvaluator;
      rules: RulesService;
      /** The diff engine's pipeline diff, for which steps changed against production. */
      diffs?: DiffService;
      now?: () => Date;
    }
  ) {}

  /** The rules' results for a notebook not yet submitted (the Promote dialog's preview). */
  async forNotebook(facts: NotebookFacts, environment: Environment): Promise<Evaluation> {
    const rules = await this._currentRules();
    return this._evaluate(rules, environment, facts, null);
  }

  /**
   * The secret scan's findings in a notebook not yet submitted, as the check's problems
   * (the same scan the secrets rule runs; findings an admin accepted are left out).
   */
  async secretProblems(facts: NotebookFacts): Promise<Problem[]> {
    const [findings, rules] = await Promise.all([
      this._o.evaluator.scanNotebook(input(facts)),
      this._currentRules()
    ]);
    const accepted = new Set((rules.document.acceptedFindings ?? []).map(f => f.sha256));
    return secretProblems(findings, accepted);
  }

  /** The live results for request `id` (its environment unless another is named). */
  async forRequest(
    id: number,
    choice?: RulesChoice,
    environment?: string,
    /** The request when the caller has loaded it already. */
    loaded?: RequestRecord
  ): Promise<Evaluation> {
    const rules = choice ?? (await this._currentRules());
    const record = loaded ?? (await this._o.stores.promotions.load(id));
    const r = record.request;
    const env = environment === undefined ? r.environment : parseEnvironment(environment);
    const revision = await this._o.stores.views.revision(id);
    const facts = await this._o.analyzer.storedFacts(
      revision.notebook,
      revision.sha256,
      r.notebookPath
    );
    const outputsOnly: Record<number, boolean> = {};
    let previous: string | null = null;
    for (const rev of [...r.revisions].sort((a, b) => a.number - b.number)) {
      const key = await this._contentKey(rev.notebookSha256);
      if (previous !== null) outputsOnly[rev.number] = key === previous;
      previous = key;
    }
    const request: RequestFacts = {
      id,
      author: r.author,
      latestRevision: revision.number,
      outputsOnly,
      // Only an admin's dismissal marks a "changes requested" dismissed (revisions dismiss approvals).
      reviews: r.reviews.map(v => ({
        reviewer: v.reviewer,
        verdict: v.verdict,
        revision: v.revision,
        at: v.at,
        ...(v.verdict === 'request_changes' && v.dismissed ? { dismissedBy: 'admin' } : {})
      })),
      unresolvedThreads: await this._o.stores.rules.unresolvedThreads(id)
    };
    return this._evaluate(rules, env, facts, request, () =>
      env === r.environment ? this._changedSteps(id, r) : Promise.resolve(undefined)
    );
  }

  /**
   * Steps the pipeline diff says changed against what is in production in the request's
   * environment (steps added, removed or changed: cells, inputs, dependencies, resources).
   * Undefined when the diff cannot be had; the engine's own comparison is used then.
   */
  private async _changedSteps(
    id: number,
    request: PromotionRequest
  ): Promise<string[] | null | undefined> {
    if (!this._o.diffs) return undefined;
    try {
      const pipeline = await this._o.diffs.pipelineAgainstProduction(id, request);
      return pipeline === null ? null : pipeline.steps.map(s => s.name);
    } catch {
      return undefined;
    }
  }

  /**
   * Checks request `id` for promotion: the evaluation to record, or 409 `rules_failed` naming
   * the failing rules. `bypassReason` (admins only) lets it through, marked bypassed.
   */
  async enforce(
    actor: Actor,
    id: number,
    record: RequestRecord,
    bypassReason?: string
  ): Promise<Evaluation> {
    const evaluation = await this.forRequest(id, undefined, undefined, record);
    if (bypassReason !== undefined) {
      if (actor.role !== 'admin') {
        throw new NotAllowedError('Only admins may promote past failing rules.', {
          role: actor.role
        });
      }
      if (!isWritten(bypassReason, 5)) {
        throw new InputError('A bypass needs a written reason (at least 5 characters).', {
          field: 'bypassReason'
        });
      }
      const reason = bypassReason.replace(/\s+/g, ' ').trim();
      if (evaluation.passed) return evaluation;
      return bypass(evaluation, actor.id, reason, this._now().toISOString());
    }
    if (!evaluation.passed) {
      const failing = evaluation.results.filter(r => r.status === 'fail');
      throw new ConflictError(
        `Promotion to ${evaluation.environment} is blocked by ${failing.length === 1 ? 'a rule' : `${failing.length} rules`}: ` +
          failing.map(f => `${f.id}: ${f.message}`).join(' '),
        {
          environment: evaluation.environment,
          rulesVersion: evaluation.rulesVersion,
          failing,
          results: evaluation.results
        },
        'rules_failed'
      );
    }
    return evaluation;
  }

  /**
   * Whether a new revision (notebook `sha256`) dismisses the request's approvals, from the
   * active review rules of its environment: any rule dismissing on any revision wins; with
   * `code_or_pipeline_change` only a revision that changed code or the pipeline dismisses.
   * Undefined (the service's default) when no review rule applies.
   */
  async revisionPolicy(
    id: number,
    sha256: string
  ): Promise<{ dismissApprovalsOnRevision: boolean } | undefined> {
    const { request } = await this._o.stores.promotions.load(id);
    const { document } = await this._o.rules.currentDocument();
    const modes = new Set(
      rulesFor(document, request.environment)
        .filter(r => r.type === 'review' && (r.enforcement ?? 'active') === 'active')
        .map(r => (r.type === 'review' ? (r.parameters?.dismissStale ?? 'any_revision') : 'never'))
    );
    if (modes.size === 0) return undefined;
    if (modes.has('any_revision')) return { dismissApprovalsOnRevision: true };
    if (!modes.has('code_or_pipeline_change')) return { dismissApprovalsOnRevision: false };
    const previous = await this._o.stores.views.revision(id).catch(() => null);
    const next = await this._contentKey(sha256).catch(() => null);
    if (next === null || previous === null) return { dismissApprovalsOnRevision: true };
    return { dismissApprovalsOnRevision: next !== (await this._contentKey(previous.sha256)) };
  }

  /**
   * What the request detail carries: the live results while the request is active, and the
   * results recorded at promotion. Kept until the next write (or a second at most); a request
   * whose notebook cannot be evaluated simply has no live status.
   */
  async status(id: number): Promise<{ rules?: Evaluation; rulesCheck?: RuleCheckView }> {
    const generation = this._o.stores.generation.value;
    const hit = this._status.get(id);
    if (hit && hit.generation === generation && hit.until > Date.now()) return hit.value;
    const value = this._loadStatus(id);
    if (this._status.size > 1000) this._status.clear();
    this._status.set(id, { generation, until: Date.now() + 1000, value });
    value.catch(() => this._status.delete(id));
    return value;
  }

  private async _loadStatus(
    id: number
  ): Promise<{ rules?: Evaluation; rulesCheck?: RuleCheckView }> {
    const out: { rules?: Evaluation; rulesCheck?: RuleCheckView } = {};
    const check = await this._o.stores.rules.lastCheck(id);
    if (check) {
      out.rulesCheck = {
        revision: check.revision,
        environment: check.environment,
        rulesVersion: check.rulesVersion,
        passed: check.passed,
        bypassBy: check.bypassBy,
        bypassReason: check.bypassReason,
        createdAt: check.createdAt,
        evaluation: check.evaluation as Evaluation
      };
    }
    const record = await this._o.stores.promotions.load(id);
    if (!TERMINAL_STATES.includes(record.request.state)) {
      try {
        out.rules = await this.forRequest(id, undefined, undefined, record);
      } catch {
        // The detail still answers; GET /promotions/:id/rules says what went wrong.
      }
    }
    return out;
  }

  private async _currentRules(): Promise<RulesChoice> {
    return this._o.rules.currentDocument();
  }

  /**
   * Gathers what the stores know (the version now in the environment, users, reviews, where
   * the same content is promoted) and hands the rest, notebook included, to the evaluator.
   */
  private async _evaluate(
    choice: RulesChoice,
    environment: Environment,
    facts: NotebookFacts,
    request: RequestFacts | null,
    changed?: () => Promise<string[] | null | undefined>
  ): Promise<Evaluation> {
    const rules = rulesFor(choice.document, environment);
    const needs = new Set(
      rules.filter(r => (r.enforcement ?? 'active') !== 'disabled').map(r => r.type)
    );
    const stores = this._o.stores;
    const current = await stores.catalog.current(facts.project, facts.algorithm, environment);
    let base: EvaluationJob['current'] = null;
    if (current && (needs.has('review') || needs.has('metric'))) {
      const rev = await stores.views.revision(current.requestId);
      const baseFacts = await this._o.analyzer.storedFacts(rev.notebook, rev.sha256, facts.path);
      base = { version: current.version, notebook: input(baseFacts) };
    }
    const job: EvaluationJob = {
      rules,
      environment,
      rulesVersion: choice.version,
      now: this._now().toISOString(),
      notebook: input(facts),
      current: base,
      roles: Object.fromEntries((await stores.rules.users()).map(u => [u.name, u.role as Role])),
      acceptedSecrets: (choice.document.acceptedFindings ?? []).map(f => f.sha256),
      promotedIn: needs.has('environment_order') ? await this._promotedIn(facts, environment) : []
    };
    if (request) job.request = request;
    if (request && needs.has('reproduces')) job.verification = await this._verification(request.id);
    if (changed && needs.has('review')) {
      const fromDiff = await changed();
      if (fromDiff !== undefined) job.changedSteps = fromDiff;
    }
    return this._o.evaluator.evaluate(job);
  }

  /** The request's latest verification run, as the reproduces rule reads it. */
  private async _verification(id: number): Promise<VerificationFact | null> {
    const [v] = await this._o.stores.verifications.forRequest(id, 1);
    if (!v) return null;
    const result = v.result as {
      runMetrics?: Record<string, number | string>;
      comparison?: unknown;
    } | null;
    return {
      revision: v.revision,
      useCase: v.useCase,
      executor: v.executor,
      status: v.status,
      reason: v.reason,
      step: v.step,
      // Metrics count only from a run that went through; its comparison is the rule's to make.
      runMetrics: result?.comparison ? (result.runMetrics ?? {}) : null
    };
  }

  /** Environments (other than `target`) where a notebook with the same content key is promoted. */
  private async _promotedIn(facts: NotebookFacts, target: Environment): Promise<Environment[]> {
    const key = await this._contentKey(facts.sha256, facts.text);
    const out: Environment[] = [];
    for (const env of ENVIRONMENTS) {
      if (env === target) continue;
      const promoted = await this._o.stores.rules.promotedNotebooks(
        facts.project,
        facts.algorithm,
        env
      );
      for (const p of promoted) {
        if ((await this._contentKey(p.sha256, p.notebook)) === key) {
          out.push(env);
          break;
        }
      }
    }
    return out;
  }

  /** The content key (code and pipeline, not outputs) of a stored notebook, kept by hash. */
  private async _contentKey(sha256: string, text?: string): Promise<string> {
    let hit = this._keys.get(sha256);
    if (hit === undefined) {
      const body = text ?? (await this._o.stores.rules.notebookText(sha256));
      if (body === null) throw new Error(`notebook ${sha256} is not stored`);
      hit = contentKey(contentShape(JSON.parse(body) as Record<string, unknown>));
      this._keys.set(sha256, hit);
    }
    return hit;
  }

  private _now(): Date {
    return this._o.now?.() ?? new Date();
  }

  private readonly _status = new Map<
    number,
    {
      generation: number;
      until: number;
      value: Promise<{ rules?: Evaluation; rulesCheck?: RuleCheckView }>;
    }
  >();
  // Content keys of stored notebooks, by hash: revisions never change.
  private readonly _keys = new RecentMap<string>(256);
}

/** The notebook as the evaluator takes it: its text, hash and the engine's structure. */
function input(facts: NotebookFacts): NotebookInput {
  return { text: facts.text, sha256: facts.sha256, structure: structureOf(facts.analysis) };
}
