/**
 * Promoting a request: the rules enforced (409 `rules_failed` unless an admin bypasses them
 * with a reason), the intent recorded with the results it passed with, the merge into
 * `env/<environment>` and the version's tag in git, then the request marked promoted with
 * every rule's result. A crash between the steps leaves what repair.ts completes or undoes.
 */
import { refusedEvent, type Actor, type RequestAction } from '../../domain';
import { TERMINAL_STATES } from '../../domain/types';
import { ConflictError, NbpromoteError } from '../../errors';
import type { ArtifactRepository } from '../../git';
import type { WorkLeases } from '../../db/workLeases';
import { reviewPolicyOf, type Evaluation } from '../../rules';
import type { PromotionDetail, RequestRecord, Stores } from '../../store';
import { crashPoint } from '../../runtime/crashPoints';
import { gitIdentity } from './gitIdentity';
import type { RuleChecks } from '../rules/ruleChecks';
import { recordRuleCheck, ruleTrailers } from '../rules/ruleRecord';
import type { StateChanges } from './stateChanges';

export class Promoter {
  constructor(
    private readonly _o: {
      stores: Stores;
      repo: ArtifactRepository;
      changes: StateChanges;
      leases: WorkLeases;
      ruleChecks?: RuleChecks;
      log?: (msg: string) => void;
      now: () => Date;
    }
  ) {}

  /**
   * Enforces the rules, merges into `env/<environment>`, tags the reserved version, then
   * records it with the rules' results. Failing active rules refuse (409 `rules_failed`)
   * unless an admin gives `bypassReason`. Runs under the request's lock (the caller holds it).
   */
  async promote(
    actor: Actor,
    id: number,
    options: { bypassReason?: string } = {}
  ): Promise<PromotionDetail> {
    const evaluation = await this._enforceRules(
      actor,
      id,
      await this._o.stores.promotions.load(id),
      options.bypassReason
    );
    let held = false;
    const record = await this._o.changes
      .check(
        id,
        actor,
        null,
        async (tx, rec) => {
          if (rec.pendingAction !== null) {
            throw new ConflictError(
              `Request ${id} is already being promoted.`,
              { state: rec.request.state },
              'promotion_in_progress'
            );
          }
          // Before the intent is written (and visible to other replicas, whose repair then
          // leaves it alone); a refusal here commits no intent.
          await this._o.leases.hold('promote', id);
          held = true;
          await tx.promotions.setPending(id, 'promote', actor.id, evaluation);
          return rec;
        },
        // No active review rule in the environment (dev, by default): no approval needed.
        evaluation && reviewPolicyOf(evaluation)
      )
      .catch(async (error: unknown) => {
        if (held) await this._o.leases.release('promote', id);
        throw error;
      });
    try {
      return await this._merge(actor, id, record, evaluation);
    } finally {
      await this._o.leases.release('promote', id);
    }
  }

  /** The merge and its record, once the intent is stored and its lease held. */
  private async _merge(
    actor: Actor,
    id: number,
    record: RequestRecord,
    evaluation: Evaluation | undefined
  ): Promise<PromotionDetail> {
    crashPoint('promote:after-intent');
    const r = record.request;
    let commitSha: string;
    try {
      const reviewers = [...new Set(r.reviews.map(x => x.reviewer))];
      const approvers = [
        ...new Set(
          r.reviews.filter(x => x.verdict === 'approve' && !x.dismissed).map(x => x.reviewer)
        )
      ];
      const trailers: Record<string, string> = {};
      if (reviewers.length > 0) trailers['Reviewed-by'] = reviewers.join(', ');
      if (approvers.length > 0) trailers['Approved-by'] = approvers.join(', ');
      if (evaluation) Object.assign(trailers, ruleTrailers(evaluation));
      ({ commitSha } = await this._o.repo.promote({
        requestId: id,
        environment: r.environment,
        project: r.project,
        algorithm: r.algorithm,
        version: record.version,
        trailers,
        author: gitIdentity(actor.id),
        // The database says which commit the latest revision is, whichever replica made it.
        commit: r.revisions[r.revisions.length - 1]?.commitSha || undefined
      }));
    } catch (error) {
      await this._o.stores.transaction(async tx => {
        await tx.promotions.setPending(id, null, null);
        const action: RequestAction = { type: 'promote', version: record.version };
        await tx.audit.append([refusedEvent(r, action, actor, this._now(), error)]);
      });
      throw error;
    }
    crashPoint('promote:after-merge');
    await this.finish(id, actor, commitSha, evaluation, record);
    return this._o.stores.views.detail(id);
  }

  /**
   * Records a promotion that git already has (also used by crash repair, with the results
   * kept with the intent), with the rules version and every rule's result. The checks ran
   * before the merge; without review rules the request may still be open.
   */
  async finish(
    id: number,
    actor: Actor,
    commitSha: string,
    evaluation?: Evaluation,
    /** The request as the promotion's intent was recorded (loaded here when not given). */
    loaded?: RequestRecord
  ): Promise<void> {
    const at = this._now().toISOString();
    const record = loaded ?? (await this._o.stores.promotions.load(id));
    await this._o.changes.apply(
      id,
      actor,
      { type: 'promote', version: record.version },
      async tx => {
        await tx.promotions.markVersionPromoted(id, commitSha, at);
        await tx.promotions.setPending(id, null, null);
        if (evaluation) await recordRuleCheck(tx, record.request, actor, evaluation, at);
      },
      evaluation ? reviewPolicyOf(evaluation) : { approvalsRequired: 0 }
    );
  }

  /** The rules' verdict for a promotion; a refusal is audited and thrown. */
  private async _enforceRules(
    actor: Actor,
    id: number,
    record: RequestRecord,
    bypassReason: string | undefined
  ): Promise<Evaluation | undefined> {
    const checks = this._o.ruleChecks;
    if (!checks) return undefined;
    // A finished request or one being promoted is refused by the state machine, by name.
    if (TERMINAL_STATES.includes(record.request.state) || record.pendingAction !== null) {
      return undefined;
    }
    try {
      return await checks.enforce(actor, id, record, bypassReason);
    } catch (error) {
      if (error instanceof NbpromoteError) {
        await this._o.stores.transaction(tx =>
          tx.audit.append([
            refusedEvent(
              record.request,
              { type: 'promote', version: record.version },
              actor,
              this._now(),
              error
            )
          ])
        );
      }
      throw error;
    }
  }

  private _now(): Date {
    return this._o.now();
  }
}
