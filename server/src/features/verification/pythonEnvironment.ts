/**
 * The Python a verification run uses: a virtualenv per requirements and base Python, made once and
 * reused. It sees the service's own Python packages (a `.pth` line, as
 * `--system-site-packages` would for a system Python), so pip installs only what is missing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class RequirementsError extends Error {
  constructor(readonly pipMessage: string) {
    super('The bundle\u2019s requirements could not be installed.');
  }
}

export interface PythonEnvironment {
  python: string;
  /** Directories the run must be able to read (the venv and the packages it sees). */
  readPaths: string[];
}

/**
 * The cache key: the requirements and the Python the environment is built on. A venv sees its
 * base's packages through a path, so one built on another checkout's Python (the cache is
 * shared by every service on the machine) would point where this run may not read.
 */
export function environmentKey(requirements: string, basePython: string): string {
  return createHash('sha256')
    .update(path.resolve(basePython), 'utf8')
    .update('\0')
    .update(requirements.trim(), 'utf8')
    .digest('hex')
    .slice(0, 24);
}

async function pythonPaths(python: string): Promise<{ prefix: string; paths: string[] }> {
  const { stdout } = await run(python, [
    '-c',
    'import json, sys, site; print(json.dumps({"prefix": sys.prefix, "base": sys.base_prefix, ' +
      '"paths": [p for p in sys.path if p]}))'
  ]);
  const info = JSON.parse(stdout) as { prefix: string; base: string; paths: string[] };
  return { prefix: info.prefix, paths: [info.prefix, info.base, ...info.paths] };
}

// Only one build per requirements at once: two runs of one bundle share it.
const building = new Map<string, Promise<PythonEnvironment>>();

/**
 * The environment for these requirements under `cacheDir`, built on `basePython` when new.
 * A requirement pip cannot install throws RequirementsError with pip's own message.
 */
export function environmentFor(
  requirements: string,
  options: { basePython: string; cacheDir: string; pipTimeoutSeconds?: number }
): Promise<PythonEnvironment> {
  const dir = path.join(options.cacheDir, environmentKey(requirements, options.basePython));
  const pending = building.get(dir);
  if (pending) return pending;
  const job = build(dir, requirements, options).finally(() => building.delete(dir));
  building.set(dir, job);
  return job;
}

async function build(
  dir: string,
  requirements: string,
  options: { basePython: string; cacheDir: string; pipTimeoutSeconds?: number }
): Promise<PythonEnvironment> {
  const python = path.join(dir, 'bin', 'python');
  const base = await pythonPaths(options.basePython);
  const ready = path.join(dir, '.ready');
  if (!fs.existsSync(ready)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(options.cacheDir, { recursive: true });
    await run(options.basePython, ['-m', 'venv', '--without-pip', dir]);
    const { stdout } = await run(python, ['-c', 'import site; print(site.getsitepackages()[0])']);
    const inherited = base.paths.filter(p => p.endsWith('site-packages') && fs.existsSync(p));
    fs.writeFileSync(path.join(stdout.trim(), '_nbpromote_base.pth'), inherited.join('\n') + '\n');
    const file = path.join(dir, 'requirements.txt');
    fs.writeFileSync(file, requirements);
    if (requirements.trim() !== '') {
      try {
        // The base's pip installs into the venv's site-packages (the venv has no pip).
        await run(
          options.basePython,
          [
            '-m',
            'pip',
            'install',
            '--disable-pip-version-check',
            '--no-input',
            '--timeout',
            String(options.pipTimeoutSeconds ?? 15),
            '--retries',
            '1',
            '--prefix',
            dir,
            '-r',
            file
          ],
          { maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60 * 1000 }
        );
      } catch (err) {
        fs.rmSync(dir, { recursive: true, force: true });
        const e = err as { stderr?: string; message: string };
        throw new RequirementsError((e.stderr || e.message).trim().slice(-4000));
      }
    }
    fs.writeFileSync(ready, new Date().toISOString());
  }
  return { python, readPaths: [dir, ...base.paths] };
}
