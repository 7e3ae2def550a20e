/**
 * The shapes the nbpromote service answers with (REST under /api/v1), by their short names.
 * They come from the service's OpenAPI document through `npm run generate:api`
 * (src/client/api.gen.ts); a test fails when that file is out of date.
 */
import type { components } from './api.gen';

type Schemas = components['schemas'];

export type Identity = Schemas['Identity'];
export type Role = Identity['role'];
export type Problem = Schemas['Problem'];
export type Revision = Schemas['Revision'];
export type Review = Schemas['Review'];
export type Verdict = Review['verdict'];

/** A promotion request as lists show it. */
export type PromotionSummary = Schemas['PromotionSummary'];
export type Environment = PromotionSummary['environment'];
export type RequestState = PromotionSummary['state'];

/** GET /promotions/:id: the request, with what the caller may do and last reviewed. */
export type PromotionDetail = Schemas['PromotionDetail'];
/** For each action, whether the service would accept it from the caller now, and why not. */
export type Permissions = Schemas['Permissions'];
export type ActionPermission = Schemas['ActionPermission'];
export type CallerAction = keyof Permissions;

/** POST /check: the live analysis the pipeline panel shows. */
export type CheckResult = Schemas['CheckResult'];
export type StepSummary = CheckResult['steps'][number];
export type ParameterSummary = CheckResult['parameters'][number];

/** POST /preview: what promoting would produce, without storing anything. */
export type PreviewResult = Schemas['PreviewResult'];

/** POST /promotions */
export type CreatePromotion = Schemas['CreatePromotionBody'];
export type Bump = NonNullable<CreatePromotion['bump']>;

/** Review comments: anchored to a revision's cell (and lines), threaded, resolvable. */
export type Comment = Schemas['Comment'];
export type ReviewComment = Comment;
export type CommentList = Schemas['CommentList'];
export type CreateComment = Schemas['CreateCommentBody'];
export type CreateReview = Schemas['CreateReviewBody'];

/** GET/PUT/DELETE /promotions/:id/viewed: the caller's viewed cells in one revision. */
export type ViewedCells = Schemas['ViewedCells'];
export type MarkViewed = Schemas['MarkViewedBody'];

/** GET /catalog */
export type Catalog = Schemas['Catalog'];
export type CatalogEntry = Catalog['items'][number];

export type AuditEvent = Schemas['AuditEvent'];

/** One event of GET /events (Server-Sent Events, `event: promotion`). */
export type PromotionEvent = Schemas['PromotionEvent'];

/** A verification run changed (GET /events, `event: verification`): which request, which run. */
export type VerificationEvent = Schemas['VerificationEvent'];

/** One of my notifications (my inbox); also what `event: notification` of GET /events carries. */
export type Notification = Schemas['Notification'];
export type NotificationKind = Notification['kind'];
/** GET /notifications: mine, unread first, with how many are unread. */
export type NotificationList = Schemas['NotificationList'];
export type NotificationsMarked = Schemas['NotificationsMarked'];

/** Where a rule applies: the defaults every environment starts from, or one environment. */
export type RulesScope = 'defaults' | Environment;

/**
 * What one rule says about one promotion. `result` is the rule's own answer; `status` what it
 * means here: an evaluate-only rule never blocks, a bypassed one was waived by an admin.
 */
export type RuleResult = Schemas['RuleResult'];
export type RuleType = RuleResult['type'];

/** Every rule's result for one promotion under one rules version. */
export type RuleEvaluation = Schemas['RuleEvaluation'];

/** The rules' results recorded when a request was promoted. */
export type RuleCheck = Schemas['RuleCheck'];

/** The rules document (schema/rules.schema.json): defaults and per-environment sections. */
export type RulesDocument = Record<string, unknown>;

/** A rule that saves but may not be met, e.g. more approvals than eligible reviewers. */
export type RulesWarning = Schemas['RulesWarning'];

/** GET /rules, GET /rules/versions/:n, PUT /rules: one version with its document. */
export type RulesVersion = Schemas['RulesVersion'];

/** GET /rules/versions: who saved each version, when and why. */
export type RulesVersionList = Schemas['RulesVersionList'];
export type RulesVersionSummary = RulesVersionList['items'][number];

/** GET /rules/diff?from=&to=: each difference at a JSON path of the document. */
export type RulesDiff = Schemas['RulesDiff'];

/** POST /rules/dry-run: a candidate document tried on request #N (nothing stored). */
export type RulesDryRun = Schemas['RulesDryRun'];

/** POST /promotions/:id/promote: an admin's reason for promoting past failing rules. */
export type PromoteOptions = { bypassReason?: string };

/** GET /promotions/:id/verification: the request's verification runs, newest first. */
export type Verification = Schemas['Verification'];
export type VerificationRun = Schemas['VerificationRun'];
export type VerificationStatus = VerificationRun['status'];
export type MetricComparison = NonNullable<
  NonNullable<VerificationRun['result']>['comparison']
>['metrics'][number];
