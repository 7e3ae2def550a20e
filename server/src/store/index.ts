import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Dialect } from '../db/migrations';
import { AuditStore } from './auditStore';
import { CatalogStore } from './catalogStore';
import { CommentStore } from './commentStore';
import { NotificationStore } from './notificationStore';
import { PromotionStore } from './promotionStore';
import { PromotionViews } from './promotionViews';
import { RulesStore } from './rulesStore';
import { RunStore } from './runStore';
import { SettingsStore } from './settingsStore';
import { UserStore } from './userStore';
import { ViewedStore } from './viewedStore';
import { VerificationStore } from './verificationStore';

export * from './rows';
export type { RequestRecord } from './promotionStore';
export type { User } from './userStore';
export type { NotificationView, StoredNotification } from './notificationStore';
export type { ListFilter } from './promotionViews';
export type { VersionRow } from './catalogStore';
export type { RulesVersionRow, RuleCheckRow } from './rulesStore';
export type { Run, RunFilter, RunStatus, RunStep, UseCase } from './runStore';
export type { RunnerScope, VerificationRow, VerificationStatus } from './verificationStore';
export {
  AuditStore,
  CatalogStore,
  CommentStore,
  NotificationStore,
  PromotionStore,
  PromotionViews,
  RulesStore,
  RunStore,
  SettingsStore,
  UserStore,
  VerificationStore,
  ViewedStore
};

/** Counts committed transactions, so read caches know when to forget. */
export class Generation {
  value = 0;
}

/** Every store over one database handle or one transaction. */
export class Stores {
  readonly promotions: PromotionStore;
  readonly views: PromotionViews;
  readonly users: UserStore;
  readonly audit: AuditStore;
  readonly comments: CommentStore;
  readonly settings: SettingsStore;
  readonly catalog: CatalogStore;
  readonly viewed: ViewedStore;
  readonly rules: RulesStore;
  readonly runs: RunStore;
  readonly notifications: NotificationStore;
  readonly verifications: VerificationStore;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    /** Shared by a handle and its transactions; moves after every transaction. */
    readonly generation = new Generation()
  ) {
    this.promotions = new PromotionStore(db, dialect);
    this.views = new PromotionViews(db);
    this.users = new UserStore(db);
    this.audit = new AuditStore(db);
    this.comments = new CommentStore(db);
    this.settings = new SettingsStore(db);
    this.catalog = new CatalogStore(db);
    this.viewed = new ViewedStore(db);
    this.rules = new RulesStore(db);
    this.runs = new RunStore(db);
    this.notifications = new NotificationStore(db);
    this.verifications = new VerificationStore(db);
  }

  /** Runs `work` in one transaction with stores bound to it. */
  async transaction<T>(work: (tx: Stores) => Promise<T>): Promise<T> {
    try {
      return await this.db
        .transaction()
        .execute(trx => work(new Stores(trx, this.dialect, this.generation)));
    } finally {
      this.generation.value += 1;
    }
  }
}
