import { ArtifactRepository } from '../../src/git';
import { RefRaceError } from '../../src/git/gitErrors';
import { Plumbing, ZERO_OID } from '../../src/git/plumbing';
import { ann, files, git, newRepo, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

const N = 20;

function revision(
  repo: ArtifactRepository,
  requestId: number | string,
  n: number,
  project = 'churn'
) {
  return repo.commitRevision({
    requestId,
    project,
    algorithm: 'xgb',
    files: files({ 'pipeline.json': JSON.stringify({ requestId, n }) }),
    message: `Revision ${n} of ${requestId}`,
    author: ann
  });
}

/** Commits reachable from `ref` but not from main, newest first, following first parents. */
function chain(dir: string, ref: string): string[] {
  const out = git(dir, 'rev-list', '--first-parent', ref, '^main');
  return out === '' ? [] : out.split('\n');
}

describe('concurrent writes', () => {
  it('commits to many requests and one request at once without failing or losing any', async () => {
    const repo = await newRepo();
    const results = await Promise.all([
      ...Array.from({ length: N }, (_, i) => revision(repo, 100 + i, 1)),
      ...Array.from({ length: N }, (_, i) => revision(repo, 'same', i + 1))
    ]);
    expect(new Set(results).size).toBe(2 * N);

    for (let i = 0; i < N; i++) {
      expect(await repo.branchTip(`promotions/${100 + i}`)).toBe(results[i]);
    }
    // All 20 same-branch commits form one linear chain (no merges, none dropped).
    const same = chain(repo.dir, 'promotions/same');
    expect(same).toHaveLength(N);
    expect(new Set(same)).toEqual(new Set(results.slice(N)));
    expect(git(repo.dir, 'rev-list', '--merges', 'promotions/same')).toBe('');
    expect(git(repo.dir, 'for-each-ref', 'refs/heads/promotions').split('\n')).toHaveLength(N + 1);
  });

  it('promotes many requests into one environment concurrently', async () => {
    const repo = await newRepo();
    const projects = Array.from({ length: N }, (_, i) => `project-${i}`);
    await Promise.all(projects.map((p, i) => revision(repo, i + 1, 1, p)));
    const promoted = await Promise.all(
      projects.map((project, i) =>
        repo.promote({
          requestId: i + 1,
          environment: 'prod',
          project,
          algorithm: 'xgb',
          version: '1.0.0'
        })
      )
    );
    const merges = chain(repo.dir, 'env/prod');
    expect(merges).toHaveLength(N);
    expect(new Set(merges)).toEqual(new Set(promoted.map(p => p.commitSha)));
    const tip = await repo.branchTip('env/prod');
    const all = await repo.listFiles(tip!);
    expect(all).toEqual(projects.map(p => `${p}/xgb/pipeline.json`).sort());
    for (const p of projects) expect(await repo.tagExists(`${p}/xgb/v1.0.0`)).toBe(true);
  });

  it('two repository objects on one directory (two processes) lose nothing', async () => {
    const first = await newRepo();
    await first.ensureRepo();
    const second = new ArtifactRepository({ dir: first.dir });
    const sameBranch = await Promise.all(
      Array.from({ length: N }, (_, i) => revision(i % 2 === 0 ? first : second, 'shared', i + 1))
    );
    expect(chain(first.dir, 'promotions/shared')).toHaveLength(N);
    expect(new Set(chain(first.dir, 'promotions/shared'))).toEqual(new Set(sameBranch));

    const projects = Array.from({ length: 10 }, (_, i) => `p${i}`);
    await Promise.all(projects.map((p, i) => revision(i % 2 ? first : second, `r${i}`, 1, p)));
    await Promise.all(
      projects.map((project, i) =>
        (i % 2 ? second : first).promote({
          requestId: `r${i}`,
          environment: 'dev',
          project,
          algorithm: 'xgb',
          version: '0.1.0'
        })
      )
    );
    expect(chain(first.dir, 'env/dev')).toHaveLength(projects.length);
    const tip = await first.branchTip('env/dev');
    expect(await first.listFiles(tip!)).toEqual(projects.map(p => `${p}/xgb/pipeline.json`));
    // Each tag points at a commit that made it onto env/dev (no orphan tags after a lost race).
    for (const p of projects) {
      git(first.dir, 'merge-base', '--is-ancestor', `${p}/xgb/v0.1.0^{commit}`, 'env/dev');
    }
  });

  it('rebuilds on the new tip when another process moved the branch mid-write', async () => {
    const repo = await newRepo();
    const before = await revision(repo, 1, 1);
    const retried: string[] = [];
    const racing = new ArtifactRepository({ dir: repo.dir, onRetry: ref => retried.push(ref) });
    let other = '';
    const original = Plumbing.prototype.commitTree;
    const spy = jest.spyOn(Plumbing.prototype, 'commitTree').mockImplementationOnce(async function (
      this: Plumbing,
      ...args
    ) {
      // Between reading the tip and moving it, "another process" commits a revision.
      const commit = await original.apply(this, args);
      other = await revision(repo, 1, 2);
      return commit;
    });
    try {
      const mine = await revision(racing, 1, 3);
      expect(retried).toEqual(['refs/heads/promotions/1']);
      expect(chain(repo.dir, 'promotions/1')).toEqual([mine, other, before]);
    } finally {
      spy.mockRestore();
    }
  });

  it('moves its version tag when the environment branch moved under a promotion', async () => {
    const repo = await newRepo();
    await revision(repo, 1, 1, 'churn');
    await revision(repo, 2, 1, 'fraud');
    const racing = new ArtifactRepository({ dir: repo.dir });
    let other = '';
    const original = Plumbing.prototype.commitTree;
    const spy = jest.spyOn(Plumbing.prototype, 'commitTree').mockImplementationOnce(async function (
      this: Plumbing,
      ...args
    ) {
      const commit = await original.apply(this, args);
      other = (
        await repo.promote({
          requestId: 2,
          environment: 'dev',
          project: 'fraud',
          algorithm: 'xgb',
          version: '1.0.0'
        })
      ).commitSha;
      return commit;
    });
    try {
      const mine = await racing.promote({
        requestId: 1,
        environment: 'dev',
        project: 'churn',
        algorithm: 'xgb',
        version: '1.0.0'
      });
      expect(chain(repo.dir, 'env/dev')).toEqual([mine.commitSha, other]);
      expect(git(repo.dir, 'rev-parse', 'churn/xgb/v1.0.0^{commit}')).toBe(mine.commitSha);
      expect(await repo.listFiles(mine.commitSha)).toEqual([
        'churn/xgb/pipeline.json',
        'fraud/xgb/pipeline.json'
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('only one of two processes can use a version', async () => {
    const first = await newRepo();
    const second = new ArtifactRepository({ dir: first.dir });
    await revision(first, 1, 1);
    await revision(first, 2, 1);
    const outcomes = await Promise.allSettled([
      first.promote({
        requestId: 1,
        environment: 'dev',
        project: 'churn',
        algorithm: 'xgb',
        version: '3.0.0'
      }),
      second.promote({
        requestId: 2,
        environment: 'prod',
        project: 'churn',
        algorithm: 'xgb',
        version: '3.0.0'
      })
    ]);
    expect(outcomes.filter(o => o.status === 'fulfilled')).toHaveLength(1);
    const failure = outcomes.find(o => o.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toMatchObject({ code: 'version_used' });
    const tagged = git(first.dir, 'rev-parse', 'churn/xgb/v3.0.0^{commit}');
    const envs = [await first.branchTip('env/dev'), await first.branchTip('env/prod')];
    expect(envs.filter(tip => tip !== null)).toEqual([tagged]);
  });

  it('compare-and-swap refuses a stale expected value', async () => {
    const repo = await newRepo();
    await repo.ensureRepo();
    const main = (await repo.branchTip('main'))!;
    const plumbing = new Plumbing(repo.dir);
    await plumbing.compareAndSwap('refs/heads/x', main, ZERO_OID);
    await expect(plumbing.compareAndSwap('refs/heads/x', main, ZERO_OID)).rejects.toBeInstanceOf(
      RefRaceError
    );
    await expect(
      plumbing.compareAndSwap('refs/heads/x', main, 'f'.repeat(40))
    ).rejects.toBeInstanceOf(RefRaceError);
  });
});
