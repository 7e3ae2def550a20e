import { ConflictError, NotFoundError } from '../../src/errors';
import { ArtifactRepository, parseTrailers } from '../../src/git';
import { ann, files, git, newRepo, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

function repoDir(repo: ArtifactRepository): string {
  return repo.dir;
}

async function firstRevision(repo: ArtifactRepository, requestId: number, project = 'churn') {
  return repo.commitRevision({
    requestId,
    project,
    algorithm: 'xgb',
    files: files({ 'pipeline.json': `{"request":${requestId}}`, 'pkg/steps/train.py': 'run()\n' }),
    message: `Revision 1 of request ${requestId}`,
    author: ann,
    trailers: { 'Reviewed-by': 'bob' }
  });
}

describe('ArtifactRepository', () => {
  it('creates a bare repository with an empty root commit on main', async () => {
    const repo = await newRepo();
    await repo.ensureRepo();
    await repo.ensureRepo(); // idempotent
    const dir = repoDir(repo);
    expect(git(dir, 'rev-parse', '--is-bare-repository')).toBe('true');
    expect(git(dir, 'ls-tree', '-r', 'main')).toBe('');
    expect(await repo.branchTip('main')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('commits a revision and reads it back', async () => {
    const repo = await newRepo();
    const sha = await firstRevision(repo, 7);
    expect(await repo.branchTip('promotions/7')).toBe(sha);
    expect(await repo.listFiles(sha)).toEqual([
      'churn/xgb/pipeline.json',
      'churn/xgb/pkg/steps/train.py'
    ]);
    expect(await repo.listFiles('refs/heads/promotions/7', 'churn/xgb/pkg')).toEqual([
      'churn/xgb/pkg/steps/train.py'
    ]);
    expect((await repo.readFile(sha, 'churn/xgb/pipeline.json')).toString()).toBe('{"request":7}');

    const dir = repoDir(repo);
    const message = git(dir, 'log', '-1', '--format=%B', sha);
    expect(parseTrailers(message)).toEqual({ 'Request-Id': '7', 'Reviewed-by': 'bob' });
    expect(git(dir, 'log', '-1', '--format=%an <%ae>|%cn', sha)).toBe(
      'Ann Analyst <ann@example.org>|nbpromote'
    );
  });

  it('keeps bytes of binary files', async () => {
    const repo = await newRepo();
    const bytes = Buffer.from([0, 1, 2, 255, 10, 13]);
    const sha = await repo.commitRevision({
      requestId: 1,
      project: 'p',
      algorithm: 'a',
      files: new Map([['model.bin', bytes]]),
      message: 'binary',
      author: ann
    });
    expect(await repo.readFile(sha, 'p/a/model.bin')).toEqual(bytes);
  });

  it('reports missing files, commits and refs as NotFoundError', async () => {
    const repo = await newRepo();
    const sha = await firstRevision(repo, 1);
    await expect(repo.readFile(sha, 'churn/xgb/nope.txt')).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.readFile('refs/heads/promotions/404', 'x')).rejects.toBeInstanceOf(
      NotFoundError
    );
    await expect(repo.listFiles('0'.repeat(40))).rejects.toBeInstanceOf(NotFoundError);
    expect(await repo.branchTip('promotions/404')).toBeNull();
  });

  it('adds a second revision on the same branch, replacing the bundle', async () => {
    const repo = await newRepo();
    const first = await firstRevision(repo, 3);
    const second = await repo.commitRevision({
      requestId: 3,
      project: 'churn',
      algorithm: 'xgb',
      files: files({ 'pipeline.json': '{"v":2}' }),
      message: 'Revision 2',
      author: ann
    });
    const dir = repoDir(repo);
    expect(git(dir, 'rev-parse', `${second}^`)).toBe(first);
    // The old file is gone: the subtree is replaced, not merged.
    expect(await repo.listFiles(second)).toEqual(['churn/xgb/pipeline.json']);
  });

  it('starts a new request branch from the environment tip when given', async () => {
    const repo = await newRepo();
    await firstRevision(repo, 1, 'fraud');
    const merged = await repo.promote({
      requestId: 1,
      environment: 'prod',
      project: 'fraud',
      algorithm: 'xgb',
      version: '1.0.0'
    });
    const sha = await repo.commitRevision({
      requestId: 2,
      project: 'churn',
      algorithm: 'xgb',
      files: files({ 'pipeline.json': '{}' }),
      message: 'r1',
      author: ann,
      environment: 'prod'
    });
    expect(git(repoDir(repo), 'rev-parse', `${sha}^`)).toBe(merged.commitSha);
    expect(await repo.listFiles(sha)).toEqual([
      'churn/xgb/pipeline.json',
      'fraud/xgb/pipeline.json',
      'fraud/xgb/pkg/steps/train.py'
    ]);
  });

  it('promotes: a two-parent merge on env/<environment> and a version tag', async () => {
    const repo = await newRepo();
    const tip = await firstRevision(repo, 5);
    const result = await repo.promote({
      requestId: 5,
      environment: 'dev',
      project: 'churn',
      algorithm: 'xgb',
      version: '1.2.0',
      trailers: { 'Approved-by': 'bob' }
    });
    expect(result).toEqual({
      commitSha: expect.any(String),
      branch: 'env/dev',
      tag: 'churn/xgb/v1.2.0'
    });
    const dir = repoDir(repo);
    const main = await repo.branchTip('main');
    expect(await repo.branchTip('env/dev')).toBe(result.commitSha);
    expect(git(dir, 'log', '-1', '--format=%P', result.commitSha)).toBe(`${main} ${tip}`);
    expect(parseTrailers(git(dir, 'log', '-1', '--format=%B', result.commitSha))).toEqual({
      'Request-Id': '5',
      'Approved-by': 'bob'
    });
    expect(await repo.tagExists('churn/xgb/v1.2.0')).toBe(true);
    expect(git(dir, 'rev-parse', 'churn/xgb/v1.2.0^{commit}')).toBe(result.commitSha);
    expect(git(dir, 'cat-file', '-t', 'refs/tags/churn/xgb/v1.2.0')).toBe('tag');
  });

  it("keeps other projects' subtrees when promoting", async () => {
    const repo = await newRepo();
    await firstRevision(repo, 1, 'churn');
    await firstRevision(repo, 2, 'fraud');
    await repo.promote({
      requestId: 1,
      environment: 'stage',
      project: 'churn',
      algorithm: 'xgb',
      version: '1.0.0'
    });
    const second = await repo.promote({
      requestId: 2,
      environment: 'stage',
      project: 'fraud',
      algorithm: 'xgb',
      version: '1.0.0'
    });
    expect(await repo.listFiles(second.commitSha)).toEqual([
      'churn/xgb/pipeline.json',
      'churn/xgb/pkg/steps/train.py',
      'fraud/xgb/pipeline.json',
      'fraud/xgb/pkg/steps/train.py'
    ]);
    expect(
      (await repo.readFile('refs/heads/env/stage', 'churn/xgb/pipeline.json')).toString()
    ).toBe('{"request":1}');

    // A later version of churn replaces only churn/xgb.
    await repo.commitRevision({
      requestId: 3,
      project: 'churn',
      algorithm: 'xgb',
      files: files({ 'pipeline.json': '{"request":3}' }),
      message: 'r1',
      author: ann
    });
    const third = await repo.promote({
      requestId: 3,
      environment: 'stage',
      project: 'churn',
      algorithm: 'xgb',
      version: '1.1.0'
    });
    expect(await repo.listFiles(third.commitSha)).toEqual([
      'churn/xgb/pipeline.json',
      'fraud/xgb/pipeline.json',
      'fraud/xgb/pkg/steps/train.py'
    ]);
    expect(git(repoDir(repo), 'rev-parse', `${third.commitSha}^1`)).toBe(second.commitSha);
  });

  it('refuses to reuse a version tag and changes nothing', async () => {
    const repo = await newRepo();
    await firstRevision(repo, 1);
    await firstRevision(repo, 2);
    const first = await repo.promote({
      requestId: 1,
      environment: 'dev',
      project: 'churn',
      algorithm: 'xgb',
      version: '1.0.0'
    });
    const refsBefore = await repo.listRefs();
    const attempt = repo.promote({
      requestId: 2,
      environment: 'prod',
      project: 'churn',
      algorithm: 'xgb',
      version: '1.0.0'
    });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'version_used' });
    expect(await repo.listRefs()).toEqual(refsBefore);
    expect(await repo.branchTip('env/dev')).toBe(first.commitSha);
    expect(await repo.branchTip('env/prod')).toBeNull();
  });

  it('refuses to promote a request without a revision', async () => {
    const repo = await newRepo();
    await expect(
      repo.promote({
        requestId: 9,
        environment: 'dev',
        project: 'churn',
        algorithm: 'xgb',
        version: '1.0.0'
      })
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await repo.tagExists('churn/xgb/v1.0.0')).toBe(false);
  });

  it('lists refs with peeled tags for crash repair', async () => {
    const repo = await newRepo();
    await firstRevision(repo, 1);
    const result = await repo.promote({
      requestId: 1,
      environment: 'dev',
      project: 'churn',
      algorithm: 'xgb',
      version: '2.0.0-rc.1'
    });
    const refs = await repo.listRefs();
    expect(refs.map(r => r.ref).sort()).toEqual([
      'refs/heads/env/dev',
      'refs/heads/main',
      'refs/heads/promotions/1',
      'refs/tags/churn/xgb/v2.0.0-rc.1'
    ]);
    expect(refs.find(r => r.ref.startsWith('refs/tags/'))?.peeled).toBe(result.commitSha);
  });

  it('pushes branches and tags to a file:// remote', async () => {
    const repo = await newRepo();
    await firstRevision(repo, 1);
    await repo.promote({
      requestId: 1,
      environment: 'dev',
      project: 'churn',
      algorithm: 'xgb',
      version: '1.0.0'
    });
    const remote = `${await tempDir()}/remote.git`;
    git('/', 'init', '--bare', '--quiet', remote);
    await repo.push(`file://${remote}`);
    expect(git(remote, 'for-each-ref', '--format=%(refname)').split('\n').sort()).toEqual([
      'refs/heads/env/dev',
      'refs/heads/main',
      'refs/heads/promotions/1',
      'refs/tags/churn/xgb/v1.0.0'
    ]);
    // Pushing again with nothing new is fine.
    await repo.push(`file://${remote}`);
  });
});
