/** Wires the services over one database and one artifact repository. */
import * as path from 'node:path';
import type { DatabaseHandle } from '../db/connect';
import type { ReviewPolicy } from '../domain';
import * as os from 'node:os';
import { findPython, PythonPool } from '../engine';
import { ArtifactRepository } from '../git';
import { LocalLeases, type WorkLeases } from '../db/workLeases';
import { Stores } from '../store';
import { AdminService } from './admin/adminService';
import { EventReplay } from './events/eventReplay';
import { RevisionFiles } from './notebooks/revisionFiles';
import { ReviewDismissal } from './reviews/reviewDismissal';
import { RunService } from './runs/runService';
import { CallerDetails } from './promotions/callerDetails';
import { CommentService } from './reviews/commentService';
import { DiffService } from './reviews/diffService';
import { EventBus } from './events/eventBus';
import { NotebookAnalyzer } from './notebooks/notebookFacts';
import { NotificationService } from './events/notificationService';
import { PreviewService } from './preview/previewService';
import { PromotionService } from './promotions/promotionService';
import { ReadCache } from '../runtime/readCache';
import { ViewedService } from './reviews/viewedService';
import { RuleChecks } from './rules/ruleChecks';
import { RulesService } from './rules/rulesService';
import { WorkerRuleEvaluator, type RuleEvaluator } from './rules/ruleEvaluator';
import { LocalExecutor } from './verification/localExecutor';
import { VerificationService } from './verification/verificationService';

export interface Services {
  stores: Stores;
  repo: ArtifactRepository;
  /** This process's pending work, as crash repair on other replicas sees it. */
  leases: WorkLeases;
  events: EventBus;
  /** Request events a reconnecting stream missed. */
  replay: EventReplay;
  promotions: PromotionService;
  comments: CommentService;
  viewed: ViewedService;
  dismissal: ReviewDismissal;
  /** A revision's notebook and bundle files. */
  files: RevisionFiles;
  runs: RunService;
  /** Audit trail, catalog, admin settings. */
  admin: AdminService;
  /** Each caller's own inbox. */
  notifications: NotificationService;
  preview: PreviewService;
  reads: ReadCache;
  /** Request details with the caller's permissions and last reviewed revision. */
  details: CallerDetails;
  rules: RulesService;
  ruleChecks: RuleChecks;
  /** secretlint on a worker thread; close it when the service stops. */
  ruleEvaluator: RuleEvaluator;
  /** Cell-by-cell and pipeline diffs of a request's revisions. */
  diffs: DiffService;
  /** Warm Python workers for notebook analysis; close them when the service stops. */
  analysisPool: PythonPool;
  /** Verification runs of revisions; `start()` it to run them, `stop()` when stopping. */
  verification: VerificationService;
}

export interface ServicesOptions {
  database: DatabaseHandle;
  /** The bare artifact repository lives at `<dataDir>/artifacts.git`. */
  dataDir: string;
  policy?: Partial<ReviewPolicy>;
  log?: (msg: string) => void;
  /** Identities come from a Hub or OIDC issuer: the local executor starts switched off. */
  sharedIdentity?: boolean;
  /** Relative data paths of environments' parameters resolve here for verification runs. */
  verificationDataRoot?: string;
  verificationLeaseMs?: number;
  /** The local executor on or off until an admin says otherwise; unset: on unless shared. */
  verificationLocalDefault?: boolean;
  /** From `database.leases()` when replicas share the database; else in memory. */
  leases?: WorkLeases;
}

export function createServices(options: ServicesOptions): Services {
  const stores = new Stores(options.database.db, options.database.dialect);
  const repo = new ArtifactRepository({
    dir: path.join(options.dataDir, 'artifacts.git'),
    // Replicas share the artifact repository through this remote (an admin's or the deployment's).
    remote: () => stores.settings.get('remote_url'),
    log: options.log
  });
  const events = new EventBus();
  const leases = options.leases ?? new LocalLeases();
  const analysisPool = new PythonPool();
  const analyzer = new NotebookAnalyzer(undefined, analysisPool);
  const reads = new ReadCache(stores);
  const rules = new RulesService({ stores, repo, log: options.log, leases });
  const ruleEvaluator = new WorkerRuleEvaluator();
  const diffs = new DiffService(stores, repo);
  const ruleChecks = new RuleChecks({ stores, analyzer, evaluator: ruleEvaluator, rules, diffs });
  const verification = new VerificationService({
    stores,
    repo,
    events,
    executor: new LocalExecutor(text => ruleEvaluator.scan(text)),
    scan: text => ruleEvaluator.scan(text),
    basePython: findPython(),
    // Outside the data dir: runs read their virtualenvs, never the service's files.
    venvCache: path.join(os.tmpdir(), 'nbpromote-verification-venvs'),
    dataRoot: options.verificationDataRoot,
    sharedIdentity: options.sharedIdentity ?? false,
    localDefault: options.verificationLocalDefault,
    leaseMs: options.verificationLeaseMs,
    log: options.log
  });
  return {
    verification,
    stores,
    repo,
    leases,
    events,
    replay: new EventReplay(stores),
    promotions: new PromotionService({
      stores,
      repo,
      analyzer,
      events,
      policy: options.policy,
      log: options.log,
      ruleChecks,
      leases
    }),
    comments: new CommentService(stores, events),
    viewed: new ViewedService(stores),
    dismissal: new ReviewDismissal(stores, events),
    files: new RevisionFiles(stores, repo),
    runs: new RunService(stores),
    admin: new AdminService(stores, repo),
    notifications: new NotificationService(stores),
    reads,
    details: new CallerDetails(reads, options.policy, id => ruleChecks.status(id)),
    preview: new PreviewService(stores, repo, analyzer, ruleChecks),
    rules,
    ruleChecks,
    ruleEvaluator,
    diffs,
    analysisPool
  };
}

/**
 * Shares request events with the other service processes on the same database (PostgreSQL),
 * so every replica's `GET /events` streams every change. Returns what stops it.
 */
export async function shareEvents(
  services: Services,
  database: DatabaseHandle,
  log?: (msg: string) => void
): Promise<() => Promise<void>> {
  const channel = await database.notifications(
    'nbpromote_events',
    payload => services.events.receive(payload),
    log
  );
  if (!channel) return async () => undefined;
  services.events.attach(channel, log);
  return () => channel.close();
}

export { repair, type RepairReport } from './promotions/repair';
export {
  addUser,
  createToken,
  ensureDemoUsers,
  authenticate,
  Authenticator,
  DEMO_USERS
} from './users/userService';
export { catalog } from './admin/catalogService';
export { gitIdentity } from './promotions/gitIdentity';
export type { RulesVersionView, RulesVersionSummary } from './rules/rulesService';
export type { NewCommentInput } from './reviews/commentService';
export type { CallerDetail, CallerFields } from './promotions/callerDetails';
export type { ViewedCells } from './reviews/viewedService';
