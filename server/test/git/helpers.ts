/** Temporary repositories and direct git reads for the artifact repository tests. */
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ArtifactRepository, type ArtifactRepositoryOptions } from '../../src/git';

const dirs: string[] = [];

/** A fresh directory removed after all tests of the file. */
export async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nbpromote-test-'));
  dirs.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(dirs.splice(0).map(d => fs.rm(d, { recursive: true, force: true })));
}

export async function newRepo(
  options: Partial<ArtifactRepositoryOptions> = {}
): Promise<ArtifactRepository> {
  const dir = path.join(await tempDir(), 'artifacts.git');
  return new ArtifactRepository({ dir, ...options });
}

/** Runs git directly in `dir` (test-side checks, independent of the code under test). */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

export const ann = { name: 'Ann Analyst', email: 'ann@example.org' };

export function files(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}
