import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitDate } from '../../src/git/commitObjects';
import { objectId } from '../../src/git/looseObjects';
import { Plumbing } from '../../src/git/plumbing';

/** The former way to build a tree: a temporary index through read-tree/rm/update-index. */
function viaIndex(dir: string, base: string | null, prefix: string, files: Map<string, string>) {
  const index = path.join(dir, 'tmp-index');
  const env = { ...process.env, GIT_INDEX_FILE: index, GIT_WORK_TREE: dir };
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }).trim();
  fs.rmSync(index, { force: true });
  git(...(base ? ['read-tree', base] : ['read-tree', '--empty']));
  git('rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', prefix);
  for (const [file, blob] of files) {
    git('update-index', '--add', '--cacheinfo', `100644,${blob},${prefix}/${file}`);
  }
  return git('write-tree');
}

describe('tree building without an index', () => {
  let dir: string;
  let git: Plumbing;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-trees-'));
    execFileSync('git', ['init', '--bare', '--quiet', dir]);
    git = new Plumbing(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the same trees as the temporary index did', async () => {
    const blobs = await git.writeBlobs(['a', 'b', 'c', 'd', 'e']);
    const bundle = (n: number) =>
      new Map([
        ['manifest.json', blobs[n % 5]],
        ['steps/train.py', blobs[(n + 1) % 5]],
        ['steps/train-extra.py', blobs[(n + 2) % 5]],
        ['steps.txt', blobs[(n + 3) % 5]],
        ['dags/x/y/z.py', blobs[(n + 4) % 5]]
      ]);
    // Names chosen to exercise git's order ("a-b" < "a/" < "a0", "steps.txt" vs "steps/").
    const prefixes = ['churn/xgb', 'churn/xgb-2', 'churn-a/b', 'churn0/b', 'zeta/a', 'churn/a'];
    let base: string | null = null;
    for (const [i, prefix] of prefixes.entries()) {
      const got = await git.replaceSubtree(base, prefix, { files: bundle(i) });
      expect(got).toBe(viaIndex(dir, base, prefix, bundle(i)));
      base = got;
    }
    // Replacing an existing bundle, and splicing in an existing tree (promotion).
    const again = await git.replaceSubtree(base, 'churn/xgb', { files: bundle(3) });
    expect(again).toBe(viaIndex(dir, base, 'churn/xgb', bundle(3)));
    const sub = execFileSync('git', ['rev-parse', `${again}:churn/xgb`], { cwd: dir })
      .toString()
      .trim();
    const spliced = await git.replaceSubtree(base, 'zeta/a', { tree: sub });
    expect(
      execFileSync('git', ['rev-parse', `${spliced}:zeta/a`], { cwd: dir })
        .toString()
        .trim()
    ).toBe(sub);
    expect(
      execFileSync('git', ['fsck', '--strict', '--no-dangling'], {
        cwd: dir,
        stdio: 'pipe'
      }).toString()
    ).toBe('');
    // An empty replacement removes the folder, and emptied parents with it.
    const emptied = await git.replaceSubtree(base, 'zeta/a', { files: new Map() });
    expect(emptied).toBe(viaIndex(dir, base, 'zeta/a', new Map()));
    expect(await git.replaceSubtree(null, 'root', { files: new Map() })).toBe(
      viaIndex(dir, null, 'root', new Map())
    );
  });

  it('reads the tips of several refs and the trees of the first that exists', async () => {
    const [blob] = await git.writeBlobs(['x']);
    const tree = await git.replaceSubtree(null, 'p/a', {
      files: new Map([['f.py', blob]])
    });
    const me = { name: 'n', email: 'n@x' };
    const commit = await git.commitTree({
      tree,
      parents: [],
      message: 'm\n',
      author: me,
      committer: me
    });
    await git.compareAndSwap('refs/heads/env/dev', commit, '0'.repeat(40));
    const read = await git.readTips(
      ['refs/heads/promotions/1', null, 'refs/heads/env/dev', 'refs/heads/main'],
      ['p']
    );
    expect(read.tips).toEqual([null, null, commit, null]);
    expect(read.base?.commit).toBe(commit);
    expect(read.base?.levels[0]?.map(e => e.name)).toEqual(['p']);
    expect(read.base?.levels[1]?.map(e => e.name)).toEqual(['a']);
    expect((await git.readTips(['refs/heads/nothing'], ['p'])).base).toBeNull();
  });
});

describe('objects written in process', () => {
  let dir: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    }).trim();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-objects-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['sha1', 'sha256'])('are the objects git itself writes (%s repository)', async format => {
    git('init', '--bare', '--quiet', `--object-format=${format}`, '.');
    const at = new Date(1_700_000_000_000);
    const plumbing = new Plumbing(dir, undefined, () => at);
    const content = Buffer.concat([Buffer.from('binary\0'), Buffer.alloc(300_000, 'é')]);
    const [blob] = await plumbing.writeBlobs([content]);
    fs.writeFileSync(path.join(dir, 'content'), content);
    expect(blob).toBe(git('hash-object', '--no-filters', 'content'));
    const tree = await plumbing.replaceSubtree(null, 'p/a', {
      files: new Map([['f.bin', blob]])
    });
    const me = { name: 'Ada Lovelace', email: 'ada@example.org' };
    const message = 'Revision 1\n\nRequest-Id: 7\n';
    fs.writeFileSync(path.join(dir, 'message'), message);
    const commit = await plumbing.commitTree({
      tree,
      parents: [],
      message,
      author: me,
      committer: me
    });
    const viaGit = execFileSync('git', ['commit-tree', tree, '-F', 'message'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: me.name,
        GIT_AUTHOR_EMAIL: me.email,
        GIT_COMMITTER_NAME: me.name,
        GIT_COMMITTER_EMAIL: me.email,
        GIT_AUTHOR_DATE: gitDate(at),
        GIT_COMMITTER_DATE: gitDate(at)
      }
    }).trim();
    expect(commit).toBe(viaGit);
    const tag = await plumbing.writeTag({
      object: commit,
      name: 'p/a/v1.0.0',
      message: 'Promote\n',
      tagger: me
    });
    expect(git('cat-file', '-t', tag)).toBe('tag');
    expect(git('rev-parse', `${tag}^{commit}`)).toBe(commit);
    // Written once: a second write of the same object changes nothing.
    expect(await plumbing.writeBlobs([content])).toEqual([blob]);
    expect(git('fsck', '--strict', '--no-dangling')).toBe('');
    expect(fs.readdirSync(path.join(dir, 'objects', blob.slice(0, 2)))).toEqual([blob.slice(2)]);
  });
});

describe('objects written in process, after a gc', () => {
  it('writes again into a fan-out folder that git removed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-objects-'));
    try {
      execFileSync('git', ['init', '--bare', '--quiet', dir]);
      const plumbing = new Plumbing(dir);
      const [first] = await plumbing.writeBlobs(['one']);
      // What `git prune` does to a folder whose objects went into a pack.
      fs.rmSync(path.join(dir, 'objects', first.slice(0, 2)), { recursive: true });
      // Another object that belongs in the same folder.
      const candidates = Array.from({ length: 5000 }, (_, i) => `content ${i}`);
      const same = candidates.find(c =>
        objectId('sha1', 'blob', Buffer.from(c)).startsWith(first.slice(0, 2))
      );
      const [again] = await plumbing.writeBlobs([same!]);
      expect(again.slice(0, 2)).toBe(first.slice(0, 2));
      expect(execFileSync('git', ['cat-file', '-p', again], { cwd: dir }).toString()).toBe(same);
      await plumbing.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
