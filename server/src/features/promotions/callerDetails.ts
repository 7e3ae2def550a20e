/**
 * A request's detail as one caller sees it: the shared (cached) detail plus what that caller
 * may do and the revision they last reviewed. Permissions come from the domain's state
 * machine, run on the same data the detail shows.
 */
import {
  callerPermissions,
  lastReviewedRevision,
  type Actor,
  type CallerPermissions,
  type PromotionRequest,
  type RequestState,
  type ReviewPolicy,
  type Verdict
} from '../../domain';
import { reviewPolicyOf, type RuleResult } from '../../rules';
import type { PromotionDetail } from '../../store';
import type { Static } from '@sinclair/typebox';
import type { ReadCache } from '../../runtime/readCache';
import type { RESPONSES } from './contract';

/** A request as its contract describes it; the stored detail must fit it, or this fails to compile. */
export type CallerDetail = Static<typeof RESPONSES.PromotionDetail>;

export interface CallerFields {
  permissions: CallerPermissions;
  /** The latest revision the caller reviewed, null when they never did. */
  lastReviewedRevision: CallerDetail['lastReviewedRevision'];
}

/** What the permissions need of a live rules evaluation. */
export interface RulesVerdict {
  environment: string;
  passed: boolean;
  /** Ids of the active rules that fail. */
  failing: readonly string[];
  results: readonly Pick<RuleResult, 'type' | 'enforcement'>[];
}

/** The live rules status and the results recorded at promotion that ride along with a detail. */
export interface RulesStatus {
  rules?: RulesVerdict;
  rulesCheck?: unknown;
}

export class CallerDetails {
  constructor(
    private readonly _reads: ReadCache,
    private readonly _policy: Partial<ReviewPolicy> = {},
    /** The rules status of a request (cached by the rules feature). */
    private readonly _status: (id: number) => Promise<RulesStatus> = async () => ({}),
    private readonly _now: () => Date = () => new Date()
  ) {}

  /**
   * `GET /promotions/:id` for `actor`, as UTF-8 JSON: the detail, the caller's fields and the
   * rules status, built as one value and written once; the bytes are kept per caller until
   * the next write here, and refreshed in the background after a second. Failing rules
   * refuse `promote` in the permissions as promote would.
   */
  view(id: number, actor: Actor): Buffer | Promise<Buffer> {
    return this._reads.remember(
      `view:${id}:${actor.role}:${actor.id}`,
      async () => {
        const [detail, status] = await Promise.all([this._reads.detail(id), this._status(id)]);
        return Buffer.from(
          JSON.stringify({ ...detail, ...this.fields(detail, actor, status.rules), ...status })
        );
      },
      // Re-evaluating the rules takes a while; readers keep the last answer meanwhile.
      { refreshAfterTtl: true }
    );
  }

  /** The detail with the caller's fields and no rules status, as an admin's dismissal answers. */
  async plain(id: number, actor: Actor): Promise<CallerDetail> {
    return this.of(actor, await this._reads.detail(id));
  }

  /** The detail a write answers with, for the actor who wrote. */
  of(actor: Actor, detail: PromotionDetail): CallerDetail {
    return { ...detail, ...this.fields(detail, actor) };
  }

  /**
   * `rules`, the live rules evaluation when the caller has it: failing active rules refuse a
   * promotion as the service would, except for admins, who may promote past them with a reason.
   */
  fields(detail: PromotionDetail, actor: Actor, rules?: RulesVerdict): CallerFields {
    const request = requestOf(detail);
    const permissions = callerPermissions(request, actor, detail.version, this._now(), {
      ...this._policy,
      ...(rules && reviewPolicyOf(rules))
    });
    if (rules && !rules.passed && permissions.promote.allowed && actor.role !== 'admin') {
      permissions.promote = {
        allowed: false,
        code: 'rules_failed',
        reason: `Promotion to ${rules.environment} is blocked by the rules: ${rules.failing.join(', ')}.`
      };
    }
    return {
      permissions,
      lastReviewedRevision: lastReviewedRevision(request, actor.id)
    };
  }
}

/** The domain's view of a stored detail (what the state machine needs of it). */
function requestOf(d: PromotionDetail): PromotionRequest {
  return {
    id: d.id,
    title: d.title,
    description: d.description,
    notebookPath: d.notebookPath,
    project: d.project,
    algorithm: d.algorithm,
    environment: d.environment,
    author: d.author,
    state: d.state as RequestState,
    version: d.state === 'promoted' ? d.version : null,
    revisions: d.revisions.map(r => ({
      number: r.number,
      notebookSha256: r.notebookSha256,
      commitSha: r.commitSha,
      validation: { passed: true, errors: 0, warnings: 0 },
      createdAt: r.createdAt
    })),
    reviews: d.reviews.map(r => ({
      reviewer: r.reviewer,
      verdict: r.verdict as Verdict,
      revision: r.revision,
      at: r.createdAt,
      dismissed: r.dismissed
    })),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt
  };
}
