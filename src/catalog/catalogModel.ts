import { type ISignal, Signal } from '@lumino/signaling';
import type { ServiceClient } from '../client/serviceClient';
import type { CatalogEntry, Environment, PromotionEvent } from '../client/types';
import { errorMessage } from '../errorMessage';

/** Environments in promotion order: the catalog's columns. */
export const ENVIRONMENTS: readonly Environment[] = ['dev', 'stage', 'prod'];

export type CatalogVersion = NonNullable<CatalogEntry['environments']['dev']>;

/** One version in one environment as the catalog shows it. */
export interface CatalogCell {
  version: string;
  requestId: number;
  title: string;
  author: string;
  promotedAt: string;
  /** Who approved it, in the order they did. */
  approvers: string[];
  /** When the last standing approval was given; null when none stood (an admin promoted). */
  approvedAt: string | null;
  /** The newest reported run of this version here, in words; null when none was reported. */
  lastRun: string | null;
}

/** "training succeeded, accuracy 0.84, f1 0.7" for the newest of a version's runs. */
export function lastRunText(runs: CatalogVersion['lastRuns']): string | null {
  const run = runs[0];
  if (!run) return null;
  const metrics = Object.entries(run.metrics).map(([name, value]) => `${name} ${value}`);
  return [`${run.useCase} ${run.status}`, ...metrics].join(', ');
}

/** One project/algorithm: its version in each environment and every promotion, newest first. */
export interface CatalogRow {
  key: string;
  project: string;
  algorithm: string;
  cells: Partial<Record<Environment, CatalogCell>>;
  history: (CatalogCell & { environment: Environment })[];
}

export function cellOf(v: CatalogVersion): CatalogCell {
  const approvals = [...v.approvals].sort((a, b) => a.at.localeCompare(b.at));
  return {
    version: v.version,
    requestId: v.requestId,
    title: v.title,
    author: v.author,
    promotedAt: v.promotedAt,
    approvers: [...new Set(approvals.map(a => a.reviewer))],
    approvedAt: approvals.length > 0 ? approvals[approvals.length - 1].at : null,
    lastRun: lastRunText(v.lastRuns ?? [])
  };
}

/**
 * The rows to show: entries whose project, algorithm, a version, an author or an approver
 * contains `filter` (case-insensitive), in the service's order.
 */
export function catalogRows(items: readonly CatalogEntry[], filter = ''): CatalogRow[] {
  const needle = filter.trim().toLowerCase();
  const rows = items.map((entry): CatalogRow => {
    const cells: CatalogRow['cells'] = {};
    for (const env of ENVIRONMENTS) {
      const v = entry.environments[env];
      if (v) {
        cells[env] = cellOf(v);
      }
    }
    return {
      key: `${entry.project}/${entry.algorithm}`,
      project: entry.project,
      algorithm: entry.algorithm,
      cells,
      history: entry.history.map(v => ({ ...cellOf(v), environment: v.environment }))
    };
  });
  if (!needle) {
    return rows;
  }
  return rows.filter(row =>
    [row.key, ...row.history.flatMap(h => [h.version, h.author, h.title, ...h.approvers])].some(
      text => text.toLowerCase().includes(needle)
    )
  );
}

/**
 * The catalog panel's state: every project/algorithm with its version per environment, who
 * approved it and when. No DOM; the view renders it through `changed`. Live: reloads when
 * the service reports a promotion.
 */
export class CatalogModel {
  constructor(client: ServiceClient) {
    this._client = client;
    client.configured.connect(this._onConfigured, this);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get rows(): CatalogRow[] {
    return catalogRows(this._items, this._filter);
  }
  /** How many project/algorithms the service lists (before filtering). */
  get total(): number {
    return this._items.length;
  }
  get filter(): string {
    return this._filter;
  }
  set filter(value: string) {
    if (value !== this._filter) {
      this._filter = value;
      this._changed.emit();
    }
  }
  /** Rows whose history is unfolded, by key. */
  isExpanded(key: string): boolean {
    return this._expanded.has(key);
  }
  toggle(key: string): void {
    if (!this._expanded.delete(key)) {
      this._expanded.add(key);
    }
    this._changed.emit();
  }
  get error(): string | null {
    return this._error;
  }
  get loading(): boolean {
    return this._loading;
  }
  get isDisposed(): boolean {
    return this._disposed;
  }

  async refresh(): Promise<void> {
    const generation = ++this._generation;
    this._loading = true;
    this._changed.emit();
    try {
      const items = await this._client.catalog();
      if (generation === this._generation) {
        this._items = items;
        this._error = null;
      }
    } catch (reason) {
      if (generation === this._generation) {
        this._items = [];
        this._error = errorMessage(reason);
      }
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._changed.emit();
      }
    }
  }

  /** Follow the event stream: a promotion changes the catalog (idempotent). */
  start(): void {
    if (!this._unsubscribe && !this._disposed) {
      this._unsubscribe = this._client.subscribe(event => this._onEvent(event));
    }
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._unsubscribe?.();
    Signal.clearData(this);
  }

  private _onEvent(event: PromotionEvent): void {
    if (event.action === 'promote') {
      void this.refresh();
    }
  }

  private _onConfigured(): void {
    if (this._unsubscribe) {
      this._unsubscribe();
      this._unsubscribe = undefined;
      this.start();
    }
    void this.refresh();
  }

  private readonly _client: ServiceClient;
  private readonly _changed = new Signal<this, void>(this);
  private readonly _expanded = new Set<string>();
  private _items: CatalogEntry[] = [];
  private _filter = '';
  private _error: string | null = null;
  private _loading = false;
  private _generation = 0;
  private _disposed = false;
  private _unsubscribe?: () => void;
}
