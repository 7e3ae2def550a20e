/**
 * Runs the rules for a promotion: gathers the facts the pure engine needs (the notebook
 * decoded, a secret scan, metrics, what is now in the environment, reviews and threads),
 * evaluates, and at promote enforces: failing active rules refuse with 409 unless an admin
 * bypasses them with a written reason.
 */
import { ENVIRONMENTS, parseEnvironment, type Actor, type Environment, type Role } from '../domain';
import { TERMINAL_STATES } from '../domain/types';
import { ConflictError, InputError, NotAllowedError } from '../errors';
import {
  bypass,
  changedSteps,
  contentKey,
  contentShape,
  evaluateRules,
  metricsOf,
  notebookView,
  patternJobs,
  rulesFor,
  scanText,
  type Evaluation,
  type EvaluationFacts,
  type NotebookView,
  type PatternJob,
  type Rule,
  type RequestFacts,
  type RulesDocument,
  type SecretFinding
} from '../rules';
import type { Stores } from '../store';
import type { NotebookAnalyzer, NotebookFacts } from './notebookFacts';
import type { DiffService } from './diffService';
import type { RulesService } from './rulesService';
import type { SecretScanner } from './secretScanner';

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
      scanner: SecretScanner;
      rules: RulesService;
      /** The diff engine's pipeline diff, for which steps changed against production. */
      diffs?: DiffService;
      now?: () => Date;
    }
  ) {}

  /** The rules' results for a notebook not yet submitted (the Promote dialog's preview). */
  async forNotebook(facts: NotebookFacts, environment: Environment): Promise<Evaluation> {
    const rules = await this._currentRules();
    const view = notebookView(facts.analysis, Buffer.byteLength(facts.text, 'utf8'));
    return this._evaluate(rules, environment, view, facts, null);
  }

  /** The live results for request `id` (its environment unless another is named). */
  async forRequest(id: number, choice?: RulesChoice, environment?: string): Promise<Evaluation> {
    const rules = choice ?? (await this._currentRules());
    const record = await this._o.stores.promotions.load(id);
    const r = record.request;
    const env = environment === undefined ? r.environment : parseEnvironment(environment);
    const revision = await this._o.stores.views.revision(id);
    const facts = await this._o.analyzer.facts(
      JSON.parse(revision.notebook) as Record<string, unknown>,
      r.notebookPath
    );
    const view = notebookView(facts.analysis, Buffer.byteLength(revision.notebook, 'utf8'));
    const outputsOnly: Record<number, boolean> = {};
    let previous: string | null = null;
    for (const rev of [...r.revisions].sort((a, b) => a.number - b.number)) {
      const text =
        rev.number === revision.number
          ? revision.notebook
          : (await this._o.stores.views.revision(id, rev.number)).notebook;
      const key = contentKey(contentShape(JSON.parse(text) as Record<string, unknown>));
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
    return this._evaluate(rules, env, view, facts, request, () =>
      env === r.environment ? this._changedSteps(id) : Promise.resolve(undefined)
    );
  }

  /**
   * Steps the pipeline diff says changed against what is in production in the request's
   * environment (steps added, removed or changed: cells, inputs, dependencies, resources).
   * Undefined when the diff cannot be had; the engine's own comparison is used then.
   */
  private async _changedSteps(id: number): Promise<string[] | null | undefined> {
    if (!this._o.diffs) return undefined;
    try {
      const d = await this._o.diffs.diff('', id, {
        base: 'production',
        options: { ignoreOutputs: true }
      });
      if (d.base.notebookSha256 === null) return null;
      return d.pipeline.steps.map(s => s.name);
    } catch {
      return undefined;
    }
  }

  /**
   * Checks request `id` for promotion: the evaluation to record, or 409 `rules_failed` naming
   * the failing rules. `bypassReason` (admins only) lets it through, marked bypassed.
   */
  async enforce(actor: Actor, id: number, bypassReason?: string): Promise<Evaluation> {
    const evaluation = await this.forRequest(id);
    if (bypassReason !== undefined) {
      if (actor.role !== 'admin') {
        throw new NotAllowedError('Only admins may promote past failing rules.', {
          role: actor.role
        });
      }
      const reason = bypassReason.replace(/\s+/g, ' ').trim();
      if (reason.length < 5) {
        throw new InputError('A bypass needs a written reason.', { field: 'bypassReason' });
      }
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
    const { document } = await this._o.rules.current();
    const modes = new Set(
      rulesFor(document, request.environment)
        .filter(r => r.type === 'review' && (r.enforcement ?? 'active') === 'active')
        .map(r => (r.type === 'review' ? (r.parameters?.dismissStale ?? 'any_revision') : 'never'))
    );
    if (modes.size === 0) return undefined;
    if (modes.has('any_revision')) return { dismissApprovalsOnRevision: true };
    if (!modes.has('code_or_pipeline_change')) return { dismissApprovalsOnRevision: false };
    const next = await this._o.stores.rules.notebookText(sha256);
    const previous = await this._o.stores.views.revision(id).catch(() => null);
    if (next === null || previous === null) return { dismissApprovalsOnRevision: true };
    const key = (text: string) =>
      contentKey(contentShape(JSON.parse(text) as Record<string, unknown>));
    return { dismissApprovalsOnRevision: key(next) !== key(previous.notebook) };
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
        out.rules = await this.forRequest(id);
      } catch {
        // The detail still answers; GET /promotions/:id/rules says what went wrong.
      }
    }
    return out;
  }

  private async _currentRules(): Promise<RulesChoice> {
    const current = await this._o.rules.current();
    return { document: current.document, version: current.version };
  }

  private async _evaluate(
    choice: RulesChoice,
    environment: Environment,
    view: NotebookView,
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
    let base: { version: string; view: NotebookView } | null = null;
    if (current && (needs.has('review') || needs.has('metric'))) {
      const rev = await stores.views.revision(current.requestId);
      const baseFacts = await this._o.analyzer.facts(
        JSON.parse(rev.notebook) as Record<string, unknown>,
        facts.path
      );
      base = {
        version: current.version,
        view: notebookView(baseFacts.analysis, Buffer.byteLength(rev.notebook, 'utf8'))
      };
    }
    const facts2: EvaluationFacts = {
      environment,
      rulesVersion: choice.version,
      now: this._now(),
      notebook: view,
      roles: Object.fromEntries((await stores.rules.users()).map(u => [u.name, u.role as Role])),
      changedSteps: base ? changedSteps(view, base.view) : null,
      secrets: needs.has('secrets') ? await this._secrets(facts.sha256, view) : [],
      acceptedSecrets: new Set((choice.document.acceptedFindings ?? []).map(f => f.sha256)),
      metrics: metricsOf(view),
      current: base ? { version: base.version, metrics: metricsOf(base.view) } : null,
      promotedIn: needs.has('environment_order') ? await this._promotedIn(facts, environment) : []
    };
    if (request) facts2.request = request;
    facts2.patternMatches = await this._patterns(rules, view);
    if (changed && needs.has('review')) {
      const fromDiff = await changed();
      if (fromDiff !== undefined) facts2.changedSteps = fromDiff;
    }
    return evaluateRules(rules, facts2);
  }

  /**
   * Runs the admins' patterns on the worker, off the event loop: one message per scanned text.
   * If that fails the engine matches them itself (same results, on this thread).
   */
  private async _patterns(
    rules: Rule[],
    view: NotebookView
  ): Promise<Map<string, [number, number][]>> {
    const out = new Map<string, [number, number][]>();
    const groups = new Map<string, PatternJob[]>();
    for (const job of patternJobs(rules)) {
      const k = `${job.scan.outputs}:${job.scan.metadata}`;
      groups.set(k, [...(groups.get(k) ?? []), job]);
    }
    for (const jobs of groups.values()) {
      const content = scanText(view, jobs[0].scan).content;
      try {
        const found = await this._o.scanner.match(content, jobs);
        jobs.forEach((job, i) => out.set(job.key, found[i]));
      } catch {
        // Left to the engine.
      }
    }
    return out;
  }

  /** Environments (other than `target`) where a notebook with the same content key is promoted. */
  private async _promotedIn(facts: NotebookFacts, target: Environment): Promise<Environment[]> {
    const key = contentKey(contentShape(JSON.parse(facts.text) as Record<string, unknown>));
    const out: Environment[] = [];
    for (const env of ENVIRONMENTS) {
      if (env === target) continue;
      const promoted = await this._o.stores.rules.promotedNotebooks(
        facts.project,
        facts.algorithm,
        env
      );
      if (
        promoted.some(
          p => contentKey(contentShape(JSON.parse(p.notebook) as Record<string, unknown>)) === key
        )
      ) {
        out.push(env);
      }
    }
    return out;
  }

  /** Findings of the whole decoded notebook, remembered by notebook hash; null when the scan failed. */
  private async _secrets(sha256: string, view: NotebookView): Promise<SecretFinding[] | null> {
    let hit = this._scans.get(sha256);
    if (!hit) {
      hit = this._o.scanner
        .scan(scanText(view, { outputs: true, metadata: true }))
        .catch(() => null);
      this._scans.set(sha256, hit);
      if (this._scans.size > 64) this._scans.delete(this._scans.keys().next().value as string);
      void hit.then(r => {
        if (r === null) this._scans.delete(sha256);
      });
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
  private readonly _scans = new Map<string, Promise<SecretFinding[] | null>>();
}
