/** Wires the services over one database and one artifact repository. */
import * as path from 'node:path';
import type { DatabaseHandle } from '../db/connect';
import type { ReviewPolicy } from '../domain';
import { PythonPool } from '../engine';
import { ArtifactRepository } from '../git';
import { Stores } from '../store';
import { CallerDetails } from './callerDetails';
import { CommentService } from './commentService';
import { DiffService } from './diffService';
import { EventBus } from './events';
import { NotebookAnalyzer } from './notebookFacts';
import { NotificationService } from './notificationService';
import { PreviewService } from './previewService';
import { PromotionService } from './promotionService';
import { ReadCache } from './readCache';
import { ViewedService } from './viewedService';
import { RuleChecks } from './ruleChecks';
import { RulesService } from './rulesService';
import { WorkerRuleEvaluator, type RuleEvaluator } from './ruleEvaluator';

export interface Services {
  stores: Stores;
  repo: ArtifactRepository;
  events: EventBus;
  promotions: PromotionService;
  comments: CommentService;
  viewed: ViewedService;
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
}

export interface ServicesOptions {
  database: DatabaseHandle;
  /** The bare artifact repository lives at `<dataDir>/artifacts.git`. */
  dataDir: string;
  policy?: Partial<ReviewPolicy>;
  log?: (msg: string) => void;
}

export function createServices(options: ServicesOptions): Services {
  const stores = new Stores(options.database.db, options.database.dialect);
  const repo = new ArtifactRepository({ dir: path.join(options.dataDir, 'artifacts.git') });
  const events = new EventBus();
  const analysisPool = new PythonPool();
  const analyzer = new NotebookAnalyzer(undefined, analysisPool);
  const reads = new ReadCache(stores);
  const rules = new RulesService({ stores, repo, log: options.log });
  const ruleEvaluator = new WorkerRuleEvaluator();
  const diffs = new DiffService(stores, repo);
  const ruleChecks = new RuleChecks({ stores, analyzer, evaluator: ruleEvaluator, rules, diffs });
  return {
    stores,
    repo,
    events,
    promotions: new PromotionService({
      stores,
      repo,
      analyzer,
      events,
      policy: options.policy,
      log: options.log,
      ruleChecks
    }),
    comments: new CommentService(stores, events),
    viewed: new ViewedService(stores),
    notifications: new NotificationService(stores),
    reads,
    details: new CallerDetails(reads, options.policy),
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

export { repair, type RepairReport } from './repair';
export {
  addUser,
  createToken,
  ensureDemoUsers,
  authenticate,
  Authenticator,
  DEMO_USERS
} from './userService';
export { catalog } from './catalogService';
export { gitIdentity } from './gitIdentity';
export type { RulesVersionView, RulesVersionSummary } from './rulesService';
export type { NewCommentInput } from './commentService';
export type { CallerDetail, CallerFields } from './callerDetails';
export type { ViewedCells } from './viewedService';
