import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, CORPUS, tmpDir } from '../engine/support';

const NBDIME = path.join(CORPUS, 'nbdime');
const EXAMPLE = path.resolve(__dirname, '../../../examples/titanic_pipeline.ipynb');
const f = (name: string) => path.join(NBDIME, name);

describe('nbpromote diff', () => {
  it('prints the changed cells with number, id and step, without colour when not a terminal', async () => {
    const r = await cli('diff', f('foo--1.ipynb'), f('foo--2.ipynb'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## cell 2 (was 1) [code] moved and edited');
    expect(r.stdout).toContain('-     return x + y\n- foe(3, 2)\n+     return x * y\n+ foe(1, 2)');
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stdout.indexOf('Pipeline')).toBeLessThan(r.stdout.indexOf('Cells'));
  });

  it('exits 1 with --exit-code when they differ, 0 when they do not', async () => {
    expect((await cli('diff', '--exit-code', f('foo--1.ipynb'), f('foo--2.ipynb'))).code).toBe(1);
    expect((await cli('diff', '--exit-code', f('foo--1.ipynb'), f('foo--1.ipynb'))).code).toBe(0);
    const quiet = await cli(
      'diff',
      '--exit-code',
      '--ignore-outputs',
      '--ignore-execution-counts',
      f('single_cell_nb.ipynb'),
      f('single_cell_nb--changed_output.ipynb')
    );
    expect(quiet.code).toBe(0);
  });

  it('puts the pipeline first: a changed parameter default of the example', async () => {
    const dir = tmpDir('nbpromote-diff-');
    const head = path.join(dir, 'head.ipynb');
    fs.writeFileSync(
      head,
      fs.readFileSync(EXAMPLE, 'utf8').replace('n_estimators = 200', 'n_estimators = 300')
    );
    const r = await cli('diff', '--json', EXAMPLE, head);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['base', 'head', 'pipeline', 'notebook']);
    expect(out.pipeline.parameters).toEqual([
      {
        name: 'n_estimators',
        op: 'changed',
        base: { type: 'int', default: 200 },
        head: { type: 'int', default: 300 }
      }
    ]);
    const text = await cli('diff', EXAMPLE, head);
    expect(text.stdout).toContain('~ parameter n_estimators 200 -> 300');
    expect(text.stdout).toContain('## cell 4 [code, id parameters] modified');
  });

  it("writes nbdime's diff format with --format nbdime", async () => {
    const r = await cli('diff', '--format', 'nbdime', f('foo--1.ipynb'), f('foo--2.ipynb'));
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as { op: string; key: string; diff: { op: string }[] }[];
    expect(entries.map(e => `${e.op}:${e.key}`)).toEqual(['patch:cells']);
    expect(entries[0].diff.map(e => e.op)).toEqual(['removerange', 'patch', 'addrange']);
    const same = await cli(
      'diff',
      '--format',
      'nbdime',
      '--exit-code',
      f('foo--1.ipynb'),
      f('foo--1.ipynb')
    );
    expect([same.code, same.stdout]).toEqual([0, '[]\n']);
    const bad = await cli('diff', '--format', 'html', f('foo--1.ipynb'), f('foo--2.ipynb'));
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'nbpromote: --format expects text, json or nbdime, got "html".\n'
    ]);
  });

  it('works as a git diff driver (7 arguments; /dev/null for an added file)', async () => {
    const r = await cli(
      'diff',
      'x.ipynb',
      '/dev/null',
      '.',
      '.',
      f('apap--1.ipynb'),
      'abc',
      '100644'
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 added');
  });

  it('exits 2 naming the side for bad input, never a stack trace', async () => {
    const v3 = await cli(
      'diff',
      f('foo--1.ipynb'),
      path.join(CORPUS, 'broken/nbformat_test3.ipynb')
    );
    expect(v3.code).toBe(2);
    expect(v3.stderr).toBe(
      'nbpromote: The head notebook is nbformat 3; only nbformat 4 is read (convert it with `jupyter nbconvert --to notebook`).\n'
    );
    const dir = tmpDir('nbpromote-diff-');
    fs.writeFileSync(path.join(dir, 'bad.ipynb'), '{"cells": [');
    const bad = await cli('diff', path.join(dir, 'bad.ipynb'), f('foo--1.ipynb'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^nbpromote: The base notebook is not valid JSON/);
    const missing = await cli('diff', path.join(dir, 'none.ipynb'), f('foo--1.ipynb'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const big = await cli(
      'diff',
      '--max-size',
      '0.0001',
      f('output-conflict--1.ipynb'),
      f('foo--1.ipynb')
    );
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/The base notebook is \d+ bytes/);
  });
});
