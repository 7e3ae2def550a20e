import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
    const scratch = await git.makeScratch();
    try {
      const blobs = await git.writeBlobs(scratch, ['a', 'b', 'c', 'd', 'e']);
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
      let expected: string | null = null;
      for (const [i, prefix] of prefixes.entries()) {
        const got = await git.replaceSubtree(scratch, base, prefix, { files: bundle(i) });
        expected = viaIndex(dir, base, prefix, bundle(i));
        expect(got).toBe(expected);
        base = got;
      }
      // Replacing an existing bundle, and splicing in an existing tree (promotion).
      const again = await git.replaceSubtree(scratch, base, 'churn/xgb', { files: bundle(3) });
      expect(again).toBe(viaIndex(dir, base, 'churn/xgb', bundle(3)));
      const sub = execFileSync('git', ['rev-parse', `${again}:churn/xgb`], { cwd: dir })
        .toString()
        .trim();
      const spliced = await git.replaceSubtree(scratch, base, 'zeta/a', { tree: sub });
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
      const emptied = await git.replaceSubtree(scratch, base, 'zeta/a', { files: new Map() });
      expect(emptied).toBe(viaIndex(dir, base, 'zeta/a', new Map()));
      expect(await git.replaceSubtree(scratch, null, 'root', { files: new Map() })).toBe(
        viaIndex(dir, null, 'root', new Map())
      );
    } finally {
      await git.dropScratch(scratch);
    }
  });

  it('reads the tips of several refs and the trees of the first that exists', async () => {
    const scratch = await git.makeScratch();
    try {
      const [blob] = await git.writeBlobs(scratch, ['x']);
      const tree = await git.replaceSubtree(scratch, null, 'p/a', {
        files: new Map([['f.py', blob]])
      });
      const me = { name: 'n', email: 'n@x' };
      const commit = await git.commitTree(scratch, {
        tree,
        parents: [],
        message: 'm\n',
        author: me,
        committer: me
      });
      await git.compareAndSwap('refs/heads/env/dev', commit, '0'.repeat(40), 'test');
      const read = await git.readTips(
        ['refs/heads/promotions/1', null, 'refs/heads/env/dev', 'refs/heads/main'],
        ['p']
      );
      expect(read.tips).toEqual([null, null, commit, null]);
      expect(read.base?.commit).toBe(commit);
      expect(read.base?.levels[0]?.map(e => e.name)).toEqual(['p']);
      expect(read.base?.levels[1]?.map(e => e.name)).toEqual(['a']);
      expect((await git.readTips(['refs/heads/nothing'], ['p'])).base).toBeNull();
    } finally {
      await git.dropScratch(scratch);
    }
  });
});
