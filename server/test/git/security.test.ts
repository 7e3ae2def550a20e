import { InputError } from '../../src/errors';
import {
  ArtifactRepository,
  checkRemoteUrl,
  formatCommitMessage,
  refNameProblem
} from '../../src/git';
import { ann, files, git, newRepo, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

const EVIL_NAMES = [
  '../../x',
  '--upload-pack=touch /tmp/pwned',
  '-u',
  'A',
  'a..b',
  'a/b',
  '',
  '.hidden',
  'x.lock',
  'a b',
  'a:b'
];

function snapshot(repo: ArtifactRepository): string {
  return [git(repo.dir, 'for-each-ref'), git(repo.dir, 'count-objects', '-v')].join('\n');
}

function commit(repo: ArtifactRepository, overrides: Record<string, unknown>) {
  return repo.commitRevision({
    requestId: 1,
    project: 'churn',
    algorithm: 'xgb',
    files: files({ 'pipeline.json': '{}' }),
    message: 'm',
    author: ann,
    ...overrides
  } as Parameters<ArtifactRepository['commitRevision']>[0]);
}

describe('refusing malicious input', () => {
  let repo: ArtifactRepository;
  let before: string;

  beforeAll(async () => {
    repo = await newRepo();
    await commit(repo, {});
    before = snapshot(repo);
  });

  afterEach(() => {
    // Whatever was refused, nothing was written: same refs, same objects.
    expect(snapshot(repo)).toBe(before);
  });

  it.each(EVIL_NAMES)('refuses project and algorithm %p', async name => {
    await expect(commit(repo, { project: name })).rejects.toBeInstanceOf(InputError);
    await expect(commit(repo, { algorithm: name })).rejects.toBeInstanceOf(InputError);
    await expect(
      repo.promote({
        requestId: 1,
        environment: 'dev',
        project: name,
        algorithm: 'xgb',
        version: '1.0.0'
      })
    ).rejects.toBeInstanceOf(InputError);
  });

  it.each(['../x', '-1', '--all', 'a b', 'a/b', 'x'.repeat(65), '', 'a\nb'])(
    'refuses request id %p',
    async id => {
      await expect(commit(repo, { requestId: id })).rejects.toBeInstanceOf(InputError);
    }
  );

  it.each(['v1.0.0', '1.0', '01.0.0', '1.0.0;rm -rf /', '--force', '1.0.0-'])(
    'refuses version %p',
    async version => {
      await expect(
        repo.promote({
          requestId: 1,
          environment: 'dev',
          project: 'churn',
          algorithm: 'xgb',
          version
        })
      ).rejects.toBeInstanceOf(InputError);
    }
  );

  it.each([
    '../x',
    '/etc/passwd',
    '.git/config',
    'a/../../b',
    'a//b',
    '-rf',
    'a\nb',
    'C:\\x',
    ':(glob)*'
  ])('refuses bundle path %p', async path => {
    await expect(commit(repo, { files: files({ [path]: 'x' }) })).rejects.toBeInstanceOf(
      InputError
    );
  });

  it('refuses unknown environments, forged identities and multi-line trailers', async () => {
    await expect(commit(repo, { environment: '--exec=x' })).rejects.toBeInstanceOf(InputError);
    await expect(commit(repo, { author: { name: 'A\nB', email: 'a@b' } })).rejects.toBeInstanceOf(
      InputError
    );
    await expect(
      commit(repo, { author: { name: 'A', email: 'a@b>\ncommitter x' } })
    ).rejects.toBeInstanceOf(InputError);
    await expect(
      commit(repo, { trailers: { 'Approved-by': 'bob\nSigned-off-by: eve' } })
    ).rejects.toBeInstanceOf(InputError);
    await expect(commit(repo, { trailers: { 'Bad Key': 'x' } })).rejects.toBeInstanceOf(InputError);
    await expect(commit(repo, { files: new Map() })).rejects.toMatchObject({
      code: 'empty_bundle'
    });
  });

  it('refuses refs that are not plain full ref names or object ids', async () => {
    for (const ref of [
      '--output=/tmp/x',
      'HEAD@{1}',
      'main',
      'refs/heads/../x',
      'refs/heads/a..b',
      'refs/heads/x^'
    ]) {
      await expect(repo.readFile(ref, 'churn/xgb/pipeline.json')).rejects.toBeInstanceOf(
        InputError
      );
      await expect(repo.listFiles(ref)).rejects.toBeInstanceOf(InputError);
    }
    await expect(repo.branchTip('../../x')).rejects.toBeInstanceOf(InputError);
    await expect(repo.branchTip('-u')).rejects.toBeInstanceOf(InputError);
    await expect(repo.tagExists('a..b')).rejects.toBeInstanceOf(InputError);
    await expect(repo.readFile('refs/heads/promotions/1', '../x')).rejects.toBeInstanceOf(
      InputError
    );
  });

  it.each([
    'ext::sh -c touch% /tmp/pwned',
    '--upload-pack=touch /tmp/pwned',
    '-u',
    'git@github.com:org/repo.git',
    'http://example.org/repo.git',
    'ftp://example.org/repo.git',
    'file://host/srv/x.git',
    'https://exa mple.org/x',
    'https://-oProxyCommand=x/repo',
    'ssh://-oProxyCommand=x/repo'
  ])('refuses remote URL %p', async url => {
    await expect(repo.push(url)).rejects.toBeInstanceOf(InputError);
  });
});

describe('validators', () => {
  it('accepts ordinary remote URLs', () => {
    for (const url of [
      'https://git.example.org/ml/artifacts.git',
      'ssh://git@host:2222/ml/a.git',
      'file:///srv/a.git'
    ]) {
      expect(checkRemoteUrl(url)).toBe(url);
    }
  });

  it('follows git check-ref-format rules', () => {
    for (const ok of [
      'refs/heads/promotions/12',
      'refs/tags/churn/xgb/v1.0.0+build.1',
      'refs/heads/env/prod'
    ]) {
      expect(refNameProblem(ok)).toBeNull();
    }
    for (const bad of [
      'refs/heads/a..b',
      'refs/heads/.x',
      'refs/heads/x.lock',
      'refs/heads/x/',
      'refs/heads/a b',
      'refs/heads/a@{1}',
      'refs//x',
      '-x',
      'refs/heads/x.'
    ]) {
      expect(refNameProblem(bad)).not.toBeNull();
    }
  });

  it('formats trailers after a blank line', () => {
    expect(
      formatCommitMessage('Title\r\n\r\nBody', { 'Request-Id': '3', 'Approved-by': 'bob' })
    ).toBe('Title\n\nBody\n\nRequest-Id: 3\nApproved-by: bob\n');
    expect(() => formatCommitMessage('  ', {})).toThrow(InputError);
  });
});
