import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPython, PythonPool } from '../../src/engine';
import { runHelper } from '../../src/engine/python';

const cells = (source: string) => [{ key: '0', source }];

/** A stand-in interpreter: runs the real one unless the request mentions a trigger word. */
function fakePython(dir: string): string {
  const file = path.join(dir, 'python');
  const real = findPython();
  const script = `#!/bin/sh
# Workers read requests line by line; the stand-in filters them through a small Python shim.
exec "${real}" -c '
import subprocess, sys, time, os
real = subprocess.Popen([sys.argv[1]] + sys.argv[2:], stdin=subprocess.PIPE, stdout=sys.stdout)
for line in sys.stdin:
    if "CRASH_NOW" in line:
        os._exit(3)
    if "HANG_NOW" in line:
        time.sleep(60)
    real.stdin.write(line.encode())
    real.stdin.flush()
' "${real}" "$@"
`;
  fs.writeFileSync(file, script, { mode: 0o755 });
  return file;
}

describe('PythonPool', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-pool-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers like the one-shot helper and reuses its workers', async () => {
    const pool = new PythonPool({ size: 1 });
    try {
      const source = 'import os\nx = os.getcwd()\nprint(y)';
      const pooled = await pool.analyze(cells(source));
      expect(pooled).toEqual(await runHelper(cells(source)));
      const [pid] = pool.pids;
      await pool.analyze(cells('z = 1'));
      expect(pool.pids).toEqual([pid]);
    } finally {
      await pool.close();
    }
  });

  it('answers cells it has seen before without asking Python again', async () => {
    const pool = new PythonPool({ size: 1 });
    try {
      const a = { key: '0', source: 'a = 1' };
      const b = { key: '1', source: 'b = a + 1' };
      const first = await pool.analyze([a, b]);
      for (const pid of pool.pids) process.kill(pid, 'SIGKILL');
      while (pool.pids.length > 0) await new Promise(resolve => setTimeout(resolve, 20));

      // Same sources under other keys and in another order: no worker needed.
      const again = await pool.analyze([
        { ...b, key: '7' },
        { ...a, key: '9' }
      ]);
      expect(pool.pids).toEqual([]);
      expect(again.cells).toEqual([
        { ...first.cells[1], key: '7' },
        { ...first.cells[0], key: '9' }
      ]);
      expect(again.builtins).toEqual(first.builtins);
      // What callers do to an answer does not change the next one.
      again.cells[0].free.push('mutated');

      // One new cell: only it needs Python, and the answer still covers every cell.
      const mixed = await pool.analyze([a, { key: '2', source: 'c = b * 2' }, b]);
      expect(pool.pids).toHaveLength(1);
      expect(mixed.cells.map(c => c.defined)).toEqual([['a'], ['c'], ['b']]);
      expect(mixed.cells[2].free).toEqual(first.cells[1].free);
      expect(mixed).toEqual(await runHelper([a, { key: '2', source: 'c = b * 2' }, b]));
    } finally {
      await pool.close();
    }
  });

  it('runs concurrent requests on at most `size` workers, each answer to its caller', async () => {
    const pool = new PythonPool({ size: 2 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => pool.analyze(cells(`v${i} = ${i}`)))
      );
      answers.forEach((a, i) => expect(a.cells[0].defined).toContain(`v${i}`));
      expect(pool.pids.length).toBeLessThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker that dies and reports a crash that repeats', async () => {
    const pool = new PythonPool({ size: 1, python: fakePython(dir) });
    try {
      await pool.analyze(cells('a = 1'));
      const [first] = pool.pids;
      process.kill(first, 'SIGKILL'); // dies while idle: the next request must not notice
      await new Promise(resolve => setTimeout(resolve, 100));
      expect((await pool.analyze(cells('b = 2'))).cells[0].defined).toContain('b');
      await expect(pool.analyze(cells('CRASH_NOW'))).rejects.toMatchObject({
        code: 'analysis_failed',
        message: expect.stringMatching(/helper failed \(exit 3\)/)
      });
      expect((await pool.analyze(cells('c = 3'))).cells[0].defined).toContain('c');
      expect(pool.pids).not.toContain(first);
    } finally {
      await pool.close();
    }
  });

  it('kills a worker that exceeds the timeout and keeps serving', async () => {
    const pool = new PythonPool({ size: 1, python: fakePython(dir), timeoutMs: 1500 });
    try {
      await expect(pool.analyze(cells('HANG_NOW'))).rejects.toMatchObject({
        code: 'analysis_failed',
        message: expect.stringMatching(/timeout/)
      });
      expect((await pool.analyze(cells('d = 4'))).cells[0].defined).toContain('d');
    } finally {
      await pool.close();
    }
  });

  it('reports a missing interpreter as python_unavailable', async () => {
    const pool = new PythonPool({ size: 1, python: path.join(dir, 'no-such-python') });
    try {
      await expect(pool.analyze(cells('x = 1'))).rejects.toMatchObject({
        code: 'python_unavailable',
        message: expect.stringMatching(/Set NBPROMOTE_PYTHON/)
      });
    } finally {
      await pool.close();
    }
  });

  it('stops its workers on close and refuses later work', async () => {
    const pool = new PythonPool({ size: 2 });
    await Promise.all([pool.analyze(cells('a = 1')), pool.analyze(cells('b = 1'))]);
    const pids = pool.pids;
    expect(pids.length).toBeGreaterThan(0);
    await pool.close();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    await expect(pool.analyze(cells('x = 1'))).rejects.toMatchObject({ code: 'analysis_failed' });
  });
});
