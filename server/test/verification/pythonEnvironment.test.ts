import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentFor } from '../../src/features/verification/pythonEnvironment';
import { PYTHON, tmpDir } from '../engine/support';

/**
 * Verification environments are cached per requirements and per base Python: the cache is
 * shared by every service on the machine, and an environment sees its base's packages by path,
 * so two checkouts (two base Pythons) must never share one.
 */
let dir: string;
beforeAll(() => {
  dir = tmpDir('nbpromote-verify-env-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sitePackagesLine(python: string): string {
  const site = execFileSync(python, ['-c', 'import site; print(site.getsitepackages()[0])'], {
    encoding: 'utf8'
  }).trim();
  return fs.readFileSync(path.join(site, '_nbpromote_base.pth'), 'utf8');
}

it('builds one environment per base Python, each seeing its own base packages', async () => {
  const other = path.join(dir, 'other-checkout');
  execFileSync(PYTHON, ['-m', 'venv', '--without-pip', other]);
  const otherPython = path.join(other, 'bin', 'python');
  const cacheDir = path.join(dir, 'cache');

  const first = await environmentFor('', { basePython: PYTHON, cacheDir });
  const second = await environmentFor('', { basePython: otherPython, cacheDir });
  expect(second.python).not.toBe(first.python);
  expect(sitePackagesLine(second.python)).toContain(other);
  expect(sitePackagesLine(first.python)).not.toContain(other);
  // The same requirements on the same base reuse the environment.
  expect((await environmentFor('', { basePython: PYTHON, cacheDir })).python).toBe(first.python);
}, 120_000);
