import { ENVIRONMENTS, compareVersions } from '../../domain';
import type { Run, Stores, VersionRow } from '../../store';

/** How many of its latest runs the catalog shows per version and environment. */
export const CATALOG_RUNS = 5;

export type RunBrief = Pick<
  Run,
  'runToken' | 'useCase' | 'status' | 'startedAt' | 'endedAt' | 'metrics'
>;

/** One promotion of a version into an environment: what, by which request, approved by whom. */
export interface CatalogVersion {
  version: string;
  environment: string;
  requestId: number;
  title: string;
  author: string;
  commitSha: string;
  promotedAt: string;
  /** The approvals standing when it was promoted: who and when. */
  approvals: { reviewer: string; revision: number; at: string }[];
  /** The version's newest runs in that environment, newest first. */
  lastRuns: RunBrief[];
}

export interface CatalogEntry {
  project: string;
  algorithm: string;
  /** Environment -> the version promoted there now. */
  environments: Record<string, CatalogVersion>;
  /** Every promotion, newest first. */
  history: CatalogVersion[];
}

function versionOf(v: VersionRow, lastRuns: RunBrief[]): CatalogVersion {
  return {
    version: v.version,
    environment: v.environment,
    requestId: v.requestId,
    title: v.title,
    author: v.author,
    commitSha: v.commitSha ?? '',
    promotedAt: v.promotedAt ?? v.createdAt,
    approvals: v.approvals,
    lastRuns
  };
}

/** Every project/algorithm with its current version per environment and its history. */
export async function catalog(stores: Stores): Promise<{ items: CatalogEntry[] }> {
  const byKey = new Map<string, CatalogEntry>();
  const runs = new Map<string, RunBrief[]>();
  for (const r of await stores.runs.latestPerVersion(CATALOG_RUNS)) {
    const key = `${r.project}/${r.algorithm}/${r.version}/${r.environment}`;
    const brief = {
      runToken: r.runToken,
      useCase: r.useCase,
      status: r.status,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      metrics: r.metrics
    };
    runs.set(key, [...(runs.get(key) ?? []), brief]);
  }
  for (const v of await stores.catalog.promoted()) {
    const lastRuns = runs.get(`${v.project}/${v.algorithm}/${v.version}/${v.environment}`) ?? [];
    const key = `${v.project}/${v.algorithm}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { project: v.project, algorithm: v.algorithm, environments: {}, history: [] };
      byKey.set(key, entry);
    }
    // Rows come oldest first, so the last one per environment is the current one.
    const version = versionOf(v, lastRuns);
    entry.environments[v.environment] = version;
    entry.history.unshift(version);
  }
  const items = [...byKey.values()].sort(
    (a, b) => a.project.localeCompare(b.project) || a.algorithm.localeCompare(b.algorithm)
  );
  for (const item of items) {
    // Environments in promotion order (dev < stage < prod).
    item.environments = Object.fromEntries(
      ENVIRONMENTS.filter(e => item.environments[e]).map(e => [e, item.environments[e]])
    );
    item.history.sort(
      (a, b) => b.promotedAt.localeCompare(a.promotedAt) || compareVersions(b.version, a.version)
    );
  }
  return { items };
}
