import type { CatalogEntry, Environment, PromotionEvent } from '../client/types';
import { LiveModel } from '../live/liveModel';

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
export class CatalogModel extends LiveModel<CatalogEntry[]> {
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
      this.emitChanged();
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
    this.emitChanged();
  }

  protected load(): Promise<CatalogEntry[]> {
    return this.client.catalog();
  }
  protected loaded(items: CatalogEntry[]): void {
    this._items = items;
  }
  protected failed(): void {
    this._items = [];
  }
  /** A promotion changes the catalog. */
  protected onEvent(event: PromotionEvent): void {
    if (event.action === 'promote') {
      void this.refresh();
    }
  }

  private readonly _expanded = new Set<string>();
  private _items: CatalogEntry[] = [];
  private _filter = '';
}
