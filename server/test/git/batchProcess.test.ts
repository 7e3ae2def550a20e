import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchProcess } from '../../src/git/batchProcess';
import { gitEnvironment } from '../../src/git/createSimpleGit';
import { RefRaceError } from '../../src/git/gitErrors';
import { Plumbing, ZERO_OID } from '../../src/git/plumbing';

/** Answers of `cat-file --batch-check`: one line each. */
const lines = (count: number) => (out: Buffer) => {
  const text = out.toString('utf8');
  const parts = text.split('\n');
  if (parts.length <= count) return null;
  const value = parts.slice(0, count);
  return { value, used: Buffer.byteLength(value.join('\n') + '\n') };
};

describe('long-lived git processes', () => {
  let dir: string;
  let main: string;
  let mainLine: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-batch-'));
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '--bare', '--quiet', '.');
    const tree = git('hash-object', '-t', 'tree', '-w', '/dev/null');
    main = git('commit-tree', tree, '-m', 'root');
    git('update-ref', 'refs/heads/main', main);
    mainLine = `${main} commit ${git('cat-file', '-s', main)}`;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers in order, and a killed process is replaced by the next request', async () => {
    const batch = new BatchProcess(['cat-file', '--batch-check'], {
      cwd: dir,
      env: gitEnvironment({}),
      timeoutMs: 10_000
    });
    try {
      const both = await Promise.all([
        batch.request('refs/heads/main\n', lines(1)),
        batch.request('refs/heads/none\nrefs/heads/main\n', lines(2))
      ]);
      expect(both).toEqual([[mainLine], ['refs/heads/none missing', mainLine]]);
      const first = batch.pid!;
      process.kill(first, 'SIGKILL');
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(batch.pid).toBeUndefined();
      expect(await batch.request('refs/heads/main\n', lines(1))).toEqual([mainLine]);
      expect(batch.pid).not.toBe(first);
    } finally {
      await batch.close();
    }
  });

  it('kills a process that does not answer in time and starts afresh', async () => {
    const batch = new BatchProcess(['cat-file', '--batch-check'], {
      cwd: dir,
      env: gitEnvironment({}),
      timeoutMs: 300
    });
    try {
      // Asks one name but waits for two answers: never complete.
      await expect(batch.request('refs/heads/main\n', lines(2))).rejects.toThrow(/timeout/);
      expect(await batch.request('refs/heads/main\n', lines(1))).toHaveLength(1);
    } finally {
      await batch.close();
    }
  });

  it('refuses a stale compare-and-swap without failing the moves queued behind it', async () => {
    const plumbing = new Plumbing(dir);
    try {
      const [refused, applied] = await Promise.allSettled([
        plumbing.compareAndSwap('refs/heads/main', main, 'f'.repeat(40)),
        plumbing.compareAndSwap('refs/heads/other', main, ZERO_OID)
      ]);
      expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(RefRaceError);
      expect(applied.status).toBe('fulfilled');
      expect(await plumbing.resolveCommit('refs/heads/other')).toBe(main);
      await plumbing.deleteRef('refs/heads/other', main);
      expect(await plumbing.resolveCommit('refs/heads/other')).toBeNull();
    } finally {
      await plumbing.close();
    }
  });

  it('never starts git without an absolute repository path', async () => {
    const batch = new BatchProcess(['cat-file', '--batch-check'], {
      cwd: 'relative',
      env: gitEnvironment({}),
      timeoutMs: 1000
    });
    expect(() => batch.request('HEAD\n', lines(1))).toThrow(/absolute/);
  });
});
