/**
 * Crash repair, run when the service starts: finishes or rolls back what a crash left half
 * done, so the database and the artifact repository agree again.
 *
 * - A pending revision (row written, commit unknown): if the request's branch holds a commit
 *   for it (its pipeline.json names the revision's notebook hash), the row is completed;
 *   otherwise the row is removed (a first revision removes its pending request too).
 * - A promotion under way: if the version tag exists and is merged into the environment
 *   branch, the request is marked promoted; a tag that never reached the branch is deleted;
 *   either way the intent is cleared.
 * - Branches `promotions/<id>` without a request are reported, never deleted.
 *
 * With a shared remote, the remote's refs decide (this replica's mirror is brought up to
 * date first), so any replica can finish what another one left; when the remote cannot be
 * reached, repair waits for the next run rather than undo what the remote may hold.
 *
 * Replicas: only work whose lease can be claimed is touched (its process is gone, see
 * db/workLeases.ts), so repair may run at any time on any replica, not only at start.
 */
import type { ArtifactRepository } from '../../git';
import type { Evaluation } from '../../rules';
import type { Stores } from '../../store';
import type { LeaseKind, WorkLeases } from '../../db/workLeases';
import type { PromotionService } from './promotionService';

export interface RepairReport {
  completed: string[];
  rolledBack: string[];
  orphanBranches: string[];
  /** Pending work a live process is still doing: left alone. */
  inProgress: string[];
  /** Why repair did not run this time (the remote could not be reached). */
  postponed?: string;
}

export interface RepairOptions {
  leases: WorkLeases;
  /** Also list `promotions/<id>` branches without a request (at start; default true). */
  orphans?: boolean;
}

export async function repair(
  stores: Stores,
  repo: ArtifactRepository,
  service: PromotionService,
  options: RepairOptions
): Promise<RepairReport> {
  const report: RepairReport = {
    completed: [],
    rolledBack: [],
    orphanBranches: [],
    inProgress: []
  };
  const { leases } = options;
  const claimed: [LeaseKind, number][] = [];
  const claim = async (kind: LeaseKind, id: number, what: string) => {
    if (await leases.claim(kind, id)) {
      claimed.push([kind, id]);
      return true;
    }
    report.inProgress.push(what);
    return false;
  };
  try {
    const revisions: { requestId: number; number: number }[] = [];
    for (const p of await stores.promotions.pendingRevisions()) {
      const what = `request ${p.requestId} revision ${p.number}`;
      if (await claim(p.number === 1 ? 'submit' : 'revise', p.requestId, what)) revisions.push(p);
    }
    const promotions: number[] = [];
    for (const p of await stores.promotions.pendingPromotions()) {
      if (await claim('promote', p.id, `request ${p.id} promotion`)) promotions.push(p.id);
    }
    if (revisions.length === 0 && promotions.length === 0 && options.orphans === false) {
      return report;
    }
    await repo.ensureRepo();
    try {
      await repo.refresh();
    } catch (error) {
      return { ...report, postponed: (error as Error).message };
    }
    // Claimed: what is still pending now was left by a process that is gone.
    const stillRevisions = await stores.promotions.pendingRevisions();
    const stillPromotions = await stores.promotions.pendingPromotions();
    await repairRevisions(
      stores,
      repo,
      service,
      report,
      stillRevisions.filter(p =>
        revisions.some(c => c.requestId === p.requestId && c.number === p.number)
      )
    );
    await repairPromotions(
      stores,
      repo,
      service,
      report,
      stillPromotions.filter(p => promotions.includes(p.id))
    );
    if (options.orphans !== false) await listOrphans(stores, repo, report);
    return report;
  } finally {
    for (const [kind, id] of claimed) await leases.release(kind, id);
  }
}

async function repairRevisions(
  stores: Stores,
  repo: ArtifactRepository,
  service: PromotionService,
  report: RepairReport,
  pending: Awaited<ReturnType<Stores['promotions']['pendingRevisions']>>
): Promise<void> {
  for (const p of pending) {
    const record = await stores.promotions.load(p.requestId, { includePending: true });
    const r = record.request;
    const tip = await repo.branchTip(`promotions/${p.requestId}`);
    const previous = r.revisions.find(x => x.number === p.number - 1)?.commitSha ?? null;
    let committed = false;
    if (tip !== null && tip !== previous) {
      committed = await holdsNotebook(repo, tip, `${r.project}/${r.algorithm}`, p.notebookSha256);
    }
    const what = `request ${p.requestId} revision ${p.number}`;
    if (committed && p.number === 1) {
      await service.finishOpen(p.requestId, tip!);
      report.completed.push(what);
    } else if (committed) {
      await service.finishRevision(
        p.requestId,
        p.number,
        { id: r.author, role: 'data-scientist' },
        tip!,
        p.notebookSha256
      );
      report.completed.push(what);
    } else {
      await stores.transaction(tx =>
        p.number === 1
          ? tx.promotions.deletePendingRequest(p.requestId)
          : tx.promotions.deleteRevision(p.requestId, p.number)
      );
      report.rolledBack.push(what);
    }
  }
}

async function repairPromotions(
  stores: Stores,
  repo: ArtifactRepository,
  service: PromotionService,
  report: RepairReport,
  pending: Awaited<ReturnType<Stores['promotions']['pendingPromotions']>>
): Promise<void> {
  const refs = pending.length > 0 ? await repo.listRefs() : [];
  for (const p of pending) {
    const record = await stores.promotions.load(p.id);
    const r = record.request;
    const tag = `${r.project}/${r.algorithm}/v${record.version}`;
    const ref = refs.find(x => x.ref === `refs/tags/${tag}`);
    const target = ref?.peeled ?? ref?.sha;
    const what = `request ${p.id} promotion to ${r.environment}`;
    if (ref && target && (await repo.isAncestor(target, `refs/heads/env/${r.environment}`))) {
      const evaluation = (p.evaluation ?? undefined) as Evaluation | undefined;
      await service.finishPromote(p.id, { id: p.actor, role: 'admin' }, target, evaluation);
      report.completed.push(what);
      continue;
    }
    if (ref) await repo.deleteTag(tag, ref.sha);
    await stores.transaction(tx => tx.promotions.setPending(p.id, null, null));
    report.rolledBack.push(what);
  }
}

async function listOrphans(
  stores: Stores,
  repo: ArtifactRepository,
  report: RepairReport
): Promise<void> {
  for (const ref of await repo.listRefs()) {
    const m = /^refs\/heads\/promotions\/(\d+)$/.exec(ref.ref);
    if (!m) continue;
    try {
      await stores.promotions.load(Number(m[1]), { includePending: true });
    } catch {
      report.orphanBranches.push(ref.ref);
    }
  }
}

/** Whether the bundle at `commit` was built from the notebook with hash `sha256`. */
async function holdsNotebook(
  repo: ArtifactRepository,
  commit: string,
  prefix: string,
  sha256: string
): Promise<boolean> {
  try {
    const manifest = JSON.parse(
      (await repo.readFile(commit, `${prefix}/pipeline.json`)).toString('utf8')
    ) as {
      source?: { sha256?: string };
    };
    return manifest.source?.sha256 === sha256;
  } catch {
    return false;
  }
}
