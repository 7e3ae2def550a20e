/**
 * The artifact repository's shared remote, when one is configured: the copy every replica
 * pushes to and fetches from. Each replica's own bare repository is a mirror of it, so the
 * remote's refs are the truth and a ref moves there first (by compare-and-swap), then here.
 */
import { execFile } from 'node:child_process';
import { ConflictError, ServiceUnavailableError } from '../errors';
import { GIT_CONFIG, gitEnvironment, DEFAULT_GIT_TIMEOUT_MS } from './createSimpleGit';
import { RefRaceError, redact } from './gitErrors';

/** One ref to move on the remote, only if it still points at `expected` (null: absent). */
export interface RemoteUpdate {
  ref: string;
  sha: string;
  expected: string | null;
}

/** Lines of `git push --porcelain` that mean another replica moved the ref first. */
const RACE =
  /stale info|fetch first|non-fast-forward|atomic push failed|atomic transaction failed|failed to update ref|cannot lock ref|failed to lock|already exists|incorrect old value/i;

export class SharedRemote {
  constructor(
    private readonly _dir: string,
    private readonly _timeoutMs = DEFAULT_GIT_TIMEOUT_MS
  ) {}

  /**
   * Moves every ref in `updates` on the remote, all or none (`--atomic`), each only if it is
   * still where this replica saw it (`--force-with-lease` with an explicit value). Another
   * replica's write in between is a RefRaceError: fetch, rebuild on the new tip, try again.
   * `url` must have passed `checkRemoteUrl`; refs and ids are the repository's own.
   */
  async push(url: string, updates: readonly RemoteUpdate[]): Promise<void> {
    const leases = updates.map(u => `--force-with-lease=${u.ref}:${u.expected ?? ''}`);
    const specs = updates.map(u => `${u.sha}:${u.ref}`);
    const result = await this._git(
      ['push', '--porcelain', '--atomic', '--quiet', ...leases, '--end-of-options', url, ...specs],
      'push'
    );
    if (result.ok) return;
    const refused = result.stdout.split('\n').filter(line => line.startsWith('!'));
    if (refused.length === 0) throw unreachable('push', result.stderr);
    if (refused.some(line => RACE.test(line))) throw new RefRaceError(updates[0].ref);
    // `!<tab>src:dst<tab>[remote rejected] (why)`: only the last part is the remote's word.
    const why = refused[0].split('\t').slice(2).join(' ');
    throw new ConflictError(
      `The artifact repository's remote refused the update: ${redact(why).slice(0, 300)}`,
      { op: 'push' },
      'remote_refused'
    );
  }

  /**
   * Makes this repository's branches and tags those of the remote (forced, pruned): a
   * replica's own copy never holds anything the remote does not, once it has joined.
   */
  async fetch(url: string): Promise<void> {
    const result = await this._git(
      [
        'fetch',
        '--quiet',
        '--prune',
        '--no-tags',
        '--no-write-fetch-head',
        '--end-of-options',
        url,
        '+refs/heads/*:refs/heads/*',
        '+refs/tags/*:refs/tags/*'
      ],
      'fetch'
    );
    if (!result.ok) throw unreachable('fetch', result.stderr);
  }

  /**
   * Asks the remote for its refs and nothing else: whether `url` answers as a repository,
   * before an admin's new remote URL is saved and every write starts going through it.
   */
  async probe(url: string): Promise<void> {
    const result = await this._git(['ls-remote', '--quiet', '--end-of-options', url], 'ls-remote');
    if (!result.ok) throw unreachable('ls-remote', result.stderr);
  }

  /**
   * Pushes every local branch and tag the remote lacks or is behind on, never forced, and
   * returns the refs the remote refused: used once, when a repository first meets its
   * remote, so what a single service wrote before the remote was configured reaches it. A
   * diverged ref stays as the remote has it (the fetch that follows adopts it).
   */
  async seed(url: string): Promise<string[]> {
    const result = await this._git(
      [
        'push',
        '--porcelain',
        '--quiet',
        '--end-of-options',
        url,
        'refs/heads/*:refs/heads/*',
        'refs/tags/*:refs/tags/*'
      ],
      'push'
    );
    if (result.ok) return [];
    // `!<tab>src:dst<tab>[rejected] (why)`
    const refused = result.stdout
      .split('\n')
      .filter(line => line.startsWith('!'))
      .map(line => line.split('\t')[1]?.split(':')[1] ?? '');
    if (refused.length === 0) throw unreachable('push', result.stderr);
    return refused;
  }

  private _git(
    args: string[],
    op: string
  ): Promise<{ ok: boolean; stdout: string; stderr: string }> {
    const argv = [...GIT_CONFIG.flatMap(c => ['-c', c]), ...args];
    return new Promise(resolve => {
      execFile(
        'git',
        argv,
        {
          cwd: this._dir,
          // Belt and braces with checkRemoteUrl: git itself refuses any other transport.
          env: gitEnvironment({ GIT_ALLOW_PROTOCOL: 'https:ssh:file' }),
          timeout: this._timeoutMs,
          maxBuffer: 16 * 1024 * 1024,
          windowsHide: true
        },
        (error, stdout, stderr) => {
          const killed = error?.killed ? `git ${op} timed out` : '';
          resolve({ ok: !error, stdout: String(stdout), stderr: killed || String(stderr) });
        }
      );
    });
  }
}

/** The remote did not answer (or is not a repository): nothing was acknowledged. */
function unreachable(op: string, stderr: string): ServiceUnavailableError {
  const why = redact(stderr).trim().split('\n').slice(0, 2).join(' ').slice(0, 300);
  return new ServiceUnavailableError(
    `The artifact repository's remote cannot be reached (${op}): ${why || 'no answer'}`,
    { op },
    'remote_unavailable'
  );
}
