/**
 * Replicas' artifact repositories sharing one bare remote: each write reaches the remote
 * before it is reported, a replica reads what another wrote, and racing promotions into one
 * environment branch all land (or, for one version, exactly one does).
 */
import * as path from 'path';
import { ArtifactRepository } from '../../src/git';
import { ann, files, git, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

async function replicas(n: number, remoteUrl?: string) {
  const root = await tempDir();
  const remote = path.join(root, 'remote.git');
  git(root, 'init', '--bare', '--quiet', remote);
  const url = remoteUrl ?? `file://${remote}`;
  const repos = Array.from(
    { length: n },
    (_, i) =>
      new ArtifactRepository({ dir: path.join(root, `replica-${i}.git`), remote: async () => url })
  );
  return { remote, repos };
}

function revision(repo: ArtifactRepository, requestId: number, algorithm: string, n = 1) {
  return repo.commitRevision({
    requestId,
    project: 'churn',
    algorithm,
    files: files({ 'pipeline.json': JSON.stringify({ requestId, n }) }),
    message: `Revision ${n} of ${requestId}`,
    author: ann
  });
}

function promote(repo: ArtifactRepository, requestId: number, algorithm: string, version: string) {
  return repo.promote({
    requestId,
    environment: 'dev',
    project: 'churn',
    algorithm,
    version
  });
}

describe('a shared remote', () => {
  it('holds every write once it is reported, and any replica reads it', async () => {
    const { remote, repos } = await replicas(2);
    const [a, b] = repos;
    const commit = await revision(a, 1, 'xgb');
    expect(git(remote, 'rev-parse', 'refs/heads/promotions/1')).toBe(commit);
    // b has never seen it: it fetches before answering.
    expect((await b.readFile(commit, 'churn/xgb/pipeline.json')).toString()).toContain('"n":1');
    // A revision through b builds on a's commit, not on a stale copy.
    const second = await revision(b, 1, 'xgb', 2);
    expect(git(remote, 'rev-parse', `${second}^`)).toBe(commit);
    // Promoting through a takes the commit named, which a fetches.
    const done = await a.promote({
      requestId: 1,
      environment: 'dev',
      project: 'churn',
      algorithm: 'xgb',
      version: '1.0.0',
      commit: second
    });
    expect(git(remote, 'rev-parse', 'refs/heads/env/dev')).toBe(done.commitSha);
    expect(git(remote, 'rev-parse', `${done.commitSha}^2`)).toBe(second);
    expect(await b.branchTip('env/dev')).toBe(done.commitSha);
    await Promise.all(repos.map(r => r.close()));
  });

  it('lands every one of many promotions racing on three replicas into one branch', async () => {
    const { remote, repos } = await replicas(3);
    const n = 9;
    await Promise.all(
      Array.from({ length: n }, (_, i) => revision(repos[i % 3], i + 1, `algo${i}`))
    );
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => promote(repos[(i + 1) % 3], i + 1, `algo${i}`, '1.0.0'))
    );
    const tags = git(remote, 'tag', '--list').split('\n').sort();
    expect(tags).toEqual(Array.from({ length: n }, (_, i) => `churn/algo${i}/v1.0.0`).sort());
    for (const r of results) git(remote, 'merge-base', '--is-ancestor', r.commitSha, 'env/dev');
    const tree = git(remote, 'ls-tree', '--name-only', 'env/dev', 'churn/').split('\n');
    expect(tree).toHaveLength(n);
    await Promise.all(repos.map(r => r.close()));
  });

  it('gives one version to exactly one of two replicas promoting it at once', async () => {
    const { remote, repos } = await replicas(2);
    const [a, b] = repos;
    await revision(a, 1, 'xgb');
    await revision(b, 2, 'xgb');
    const outcomes = await Promise.allSettled([
      promote(a, 1, 'xgb', '2.0.0'),
      promote(b, 2, 'xgb', '2.0.0')
    ]);
    expect(outcomes.filter(o => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find(o => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.code).toBe('version_used');
    expect(git(remote, 'tag', '--list')).toBe('churn/xgb/v2.0.0');
    await Promise.all(repos.map(r => r.close()));
  });

  it('reports nothing done when the remote cannot be reached', async () => {
    const root = await tempDir();
    const { repos } = await replicas(1, `file://${path.join(root, 'missing.git')}`);
    await expect(revision(repos[0], 1, 'xgb')).rejects.toMatchObject({
      code: 'remote_unavailable'
    });
    // Nor here: this replica's own copy has no branch for it either.
    expect(git(repos[0].dir, 'for-each-ref', 'refs/heads/promotions')).toBe('');
    expect(git(repos[0].dir, 'rev-parse', '--verify', 'refs/heads/main')).toMatch(/^[0-9a-f]{40}$/);
    await repos[0].close();
  });
});
