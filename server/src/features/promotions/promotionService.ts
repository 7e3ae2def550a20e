/**
 * The write side of promotion requests: submit, revise, review, promote, reject, withdraw.
 * Every state change runs the domain's `transition` inside a database transaction.
 *
 * Crash consistency: git and the database are written in an order a crash can only leave
 * repairable (see repair.ts). A submission or revision first writes a *pending* row, then the
 * git commit, then marks the row committed; a promotion first records its intent, then merges
 * and tags in git, then marks the request promoted.
 */
import {
  defaultBump,
  isWritten,
  openRequest,
  parseEnvironment,
  type Actor,
  type BumpLevel,
  type RequestAction,
  type ReviewPolicy,
  type Verdict
} from '../../domain';
import { ConflictError, InputError } from '../../errors';
import type { Evaluation } from '../../rules';
import type { ArtifactRepository } from '../../git';
import { LocalLeases, type WorkLeases } from '../../db/workLeases';
import type { PromotionDetail, PromotionSummary, RequestRecord, Stores } from '../../store';
import * as os from 'node:os';
import { Admission } from '../../runtime/admission';
import { crashPoint } from '../../runtime/crashPoints';
import type { EventBus } from '../events/eventBus';
import { KeyedMutex } from '../../runtime/keyedMutex';
import type { RuleChecks } from '../rules/ruleChecks';
import { gitIdentity } from './gitIdentity';
import { Promoter } from './promoter';
import { StateChanges } from './stateChanges';
import {
  assertPromotable,
  IMAGE_REGISTRY,
  bundleFor,
  chooseVersion,
  defaultTitle,
  revisionRow,
  validationOf,
  type NotebookAnalyzer,
  type NotebookFacts
} from '../notebooks/notebookFacts';

export interface PromotionServiceOptions {
  stores: Stores;
  repo: ArtifactRepository;
  analyzer: NotebookAnalyzer;
  events: EventBus;
  policy?: Partial<ReviewPolicy>;
  log?: (msg: string) => void;
  now?: () => Date;
  /** Submissions and revisions worked on at once; default the number of CPUs. */
  concurrency?: number;
  /** The promotion rules, enforced at promote. */
  ruleChecks?: RuleChecks;
  /** Marks this process's pending work as alive for crash repair elsewhere (default: in memory). */
  leases?: WorkLeases;
}

export interface SubmitInput {
  path: string;
  notebook: Record<string, unknown>;
  title?: string;
  description?: string;
  environment?: string;
  bump?: BumpLevel;
}

export class PromotionService {
  constructor(private readonly _o: PromotionServiceOptions) {
    this._admission = new Admission(
      _o.concurrency ?? os.availableParallelism?.() ?? os.cpus().length
    );
    this._changes = new StateChanges({
      stores: _o.stores,
      events: _o.events,
      policy: _o.policy,
      now: () => this._now()
    });
    this._leases = _o.leases ?? new LocalLeases();
    this._promoter = new Promoter({
      ..._o,
      leases: this._leases,
      changes: this._changes,
      now: () => this._now()
    });
  }

  /** Opens a request: analysis, version reservation, commit of revision 1. */
  submit(actor: Actor, input: SubmitInput): Promise<PromotionSummary> {
    return this._admission.run(() => this._submit(actor, input));
  }

  private async _submit(actor: Actor, input: SubmitInput): Promise<PromotionSummary> {
    const facts = await this._o.analyzer.facts(input.notebook, input.path);
    assertPromotable(facts);
    const environment = parseEnvironment(input.environment ?? facts.environment ?? 'dev');
    const title = (input.title ?? defaultTitle(facts.path)).trim();
    if (!isWritten(title))
      throw new InputError('A promotion request needs a title.', { field: 'title' });
    const bump = input.bump ?? (await this._defaultBump(facts, environment));
    const at = this._now().toISOString();

    let held: number | null = null;
    try {
      return await this._submitHeld(actor, facts, { environment, title, bump, at, input }, id => {
        held = id;
      });
    } finally {
      if (held !== null) await this._leases.release('submit', held);
    }
  }

  /** `_submit` once the notebook is checked: its lease is released by the caller. */
  private async _submitHeld(
    actor: Actor,
    facts: NotebookFacts,
    s: { environment: string; title: string; bump: BumpLevel; at: string; input: SubmitInput },
    onHold: (id: number) => void
  ): Promise<PromotionSummary> {
    const { environment, title, bump, at, input } = s;
    const { id, version } = await this._o.stores.transaction(async tx => {
      await tx.promotions.lockVersions(facts.project, facts.algorithm);
      const used = await tx.promotions.usedVersions(facts.project, facts.algorithm);
      const version = chooseVersion(used, facts.requestedVersion, bump);
      const id = await tx.promotions.insertRequest({
        title,
        description: input.description ?? '',
        notebookPath: facts.path,
        project: facts.project,
        algorithm: facts.algorithm,
        environment,
        author: actor.id,
        version,
        at
      });
      await tx.promotions.insertRevision(id, revisionRow(facts, 1, at));
      // Before the pending row is visible to other replicas: their repair leaves it alone.
      await this._leases.hold('submit', id);
      onHold(id);
      return { id, version };
    });
    crashPoint('submit:after-row');

    const commitSha = await this._commitBundle(
      { id, number: 1, title, facts, version, actor, environment },
      tx => tx.promotions.deletePendingRequest(id)
    );
    crashPoint('submit:after-commit');
    await this.finishOpen(id, commitSha);
    return this._o.stores.views.summary(id);
  }

  /** Marks a pending request committed (also used by crash repair). */
  async finishOpen(id: number, commitSha: string): Promise<void> {
    const events = await this._o.stores.transaction(async tx => {
      const record = await tx.promotions.load(id, { includePending: true });
      const rev = await tx.promotions.pendingRevisions();
      const pending = rev.find(r => r.requestId === id && r.number === 1);
      if (!pending) throw new ConflictError(`Request ${id} has no pending first revision.`);
      const r = record.request;
      const result = openRequest(
        {
          id,
          title: r.title,
          description: r.description,
          notebookPath: r.notebookPath,
          project: r.project,
          algorithm: r.algorithm,
          environment: r.environment,
          firstRevision: {
            notebookSha256: pending.notebookSha256,
            commitSha,
            validation: { passed: true, errors: 0, warnings: 0 }
          }
        },
        { id: r.author, role: 'data-scientist' },
        this._now()
      );
      await tx.promotions.setRevisionCommit(id, 1, commitSha);
      await tx.promotions.saveRequest(record, result.request);
      return tx.audit.append(result.events);
    });
    this._o.events.publish(events);
  }

  /** A new revision by the author: dismisses earlier approvals (policy). */
  async revise(
    actor: Actor,
    id: number,
    notebook: Record<string, unknown>
  ): Promise<PromotionDetail> {
    return this._mutex.run(id, () => this._admission.run(() => this._revise(actor, id, notebook)));
  }

  private async _revise(
    actor: Actor,
    id: number,
    notebook: Record<string, unknown>
  ): Promise<PromotionDetail> {
    const current = await this._o.stores.promotions.load(id);
    const facts = await this._o.analyzer.facts(notebook, current.request.notebookPath);
    const at = this._now().toISOString();
    const action = reviseAction(facts, '0'.repeat(40));
    let held = false;
    const number = await this._changes
      .check(id, actor, action, async (tx, record) => {
        assertPromotable(facts);
        if (
          facts.project !== record.request.project ||
          facts.algorithm !== record.request.algorithm
        ) {
          throw new InputError(
            `A revision must keep the request's project and algorithm (${record.request.project}/${record.request.algorithm}).`,
            { field: 'notebook', project: facts.project, algorithm: facts.algorithm }
          );
        }
        const n = record.request.revisions.length + 1;
        // Before the pending row is written (see submit); a refusal here commits no row.
        await this._leases.hold('revise', id);
        held = true;
        await tx.promotions.insertRevision(id, revisionRow(facts, n, at));
        return n;
      })
      .catch(async (error: unknown) => {
        if (held) await this._leases.release('revise', id);
        throw error;
      });
    try {
      return await this._reviseHeld(actor, id, number, current, facts);
    } finally {
      await this._leases.release('revise', id);
    }
  }

  /** Commits and records revision `number`, whose pending row exists and lease is held. */
  private async _reviseHeld(
    actor: Actor,
    id: number,
    number: number,
    current: RequestRecord,
    facts: NotebookFacts
  ): Promise<PromotionDetail> {
    crashPoint('revise:after-row');

    const commitSha = await this._commitBundle(
      {
        id,
        number,
        title: current.request.title,
        facts,
        version: current.version,
        actor
      },
      tx => tx.promotions.deleteRevision(id, number)
    );
    crashPoint('revise:after-commit');
    await this.finishRevision(id, number, actor, commitSha, facts.sha256);
    return this._o.stores.views.detail(id);
  }

  /** Records a committed revision (also used by crash repair). */
  async finishRevision(
    id: number,
    number: number,
    actor: Actor,
    commitSha: string,
    notebookSha256: string
  ): Promise<void> {
    try {
      // Whether this revision dismisses approvals is the review rules' call (dismissStale).
      const policy = await this._o.ruleChecks?.revisionPolicy(id, notebookSha256);
      await this._changes.apply(
        id,
        actor,
        reviseAction({ sha256: notebookSha256, problems: [] }, commitSha),
        tx => tx.promotions.setRevisionCommit(id, number, commitSha),
        policy
      );
    } catch (error) {
      await this._o.stores.transaction(tx => tx.promotions.deleteRevision(id, number));
      throw error;
    }
  }

  async review(
    actor: Actor,
    id: number,
    input: { verdict: Verdict; body?: string; revision?: number }
  ): Promise<PromotionDetail> {
    return this._mutex.run(id, async () => {
      await this._changes.apply(id, actor, { type: 'review', ...input });
      return this._o.stores.views.detail(id);
    });
  }

  async withdraw(actor: Actor, id: number, reason?: string): Promise<PromotionDetail> {
    return this._simple(actor, id, { type: 'withdraw', reason });
  }

  async reject(actor: Actor, id: number, reason?: string): Promise<PromotionDetail> {
    return this._simple(actor, id, { type: 'reject', reason });
  }

  /**
   * Enforces the rules, merges into `env/<environment>`, tags the reserved version, then
   * records it with the rules' results (see Promoter).
   */
  promote(
    actor: Actor,
    id: number,
    options: { bypassReason?: string } = {}
  ): Promise<PromotionDetail> {
    return this._mutex.run(id, () => this._promoter.promote(actor, id, options));
  }

  /** Records a promotion that git already has (crash repair uses it too). */
  finishPromote(
    id: number,
    actor: Actor,
    commitSha: string,
    evaluation?: Evaluation
  ): Promise<void> {
    return this._promoter.finish(id, actor, commitSha, evaluation);
  }

  /**
   * Commits a revision's bundle to the request's branch. When git fails, `rollback` removes
   * the pending row written before, so nothing is left half stored.
   */
  private async _commitBundle(
    r: {
      id: number;
      number: number;
      title: string;
      facts: NotebookFacts;
      version: string;
      actor: Actor;
      environment?: string;
    },
    rollback: (tx: Stores) => Promise<unknown>
  ): Promise<string> {
    try {
      const registry = await this._o.stores.settings.get(IMAGE_REGISTRY);
      return await this._o.repo.commitRevision({
        requestId: r.id,
        project: r.facts.project,
        algorithm: r.facts.algorithm,
        files: bundleFor(r.facts, r.version, registry),
        message: `Revision ${r.number} of request ${r.id}: ${r.title}`,
        author: gitIdentity(r.actor.id),
        ...(r.environment === undefined ? {} : { environment: r.environment })
      });
    } catch (error) {
      await this._o.stores.transaction(rollback);
      throw error;
    }
  }

  private async _simple(actor: Actor, id: number, action: RequestAction): Promise<PromotionDetail> {
    return this._mutex.run(id, async () => {
      await this._changes.apply(id, actor, action);
      return this._o.stores.views.detail(id);
    });
  }

  /** `minor` for a first promotion or a changed pipeline shape, else `patch` (domain rule). */
  private async _defaultBump(facts: NotebookFacts, environment: string): Promise<BumpLevel> {
    const current = await this._o.stores.catalog.current(
      facts.project,
      facts.algorithm,
      environment
    );
    if (!current) return defaultBump(null, facts.signature);
    const promoted = await this._o.stores.views.revision(current.requestId);
    return defaultBump(promoted.signature as NotebookFacts['signature'], facts.signature);
  }

  private _now(): Date {
    return this._o.now?.() ?? new Date();
  }

  private readonly _mutex = new KeyedMutex();
  private readonly _leases: WorkLeases;
  private readonly _admission: Admission;
  private readonly _changes: StateChanges;
  private readonly _promoter: Promoter;
}

function reviseAction(
  facts: Pick<NotebookFacts, 'sha256' | 'problems'>,
  commitSha: string
): RequestAction {
  return {
    type: 'revise',
    notebookSha256: facts.sha256,
    commitSha,
    validation: validationOf(facts.problems)
  };
}
