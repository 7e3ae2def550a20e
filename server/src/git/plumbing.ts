/**
 * Git plumbing over simple-git, without a working tree: blobs from temporary files, trees
 * through a temporary index per operation, commits with `commit-tree`, refs moved only by
 * compare-and-swap. Arguments reaching here are already validated (see names.ts).
 */
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  createSimpleGit,
  DEFAULT_GIT_TIMEOUT_MS,
  GIT_CONFIG,
  gitEnvironment,
  type GitIdentity
} from './createSimpleGit';
import { translateGitError } from './gitErrors';
import { NotFoundError } from '../errors';

/** The "no object" id: as the old value of update-ref it means "must not exist yet". */
export const ZERO_OID = '0'.repeat(40);

/** Arguments per git process when a list could be long (stays far below ARG_MAX). */
const BATCH = 200;

export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

export interface CommitSpec {
  tree: string;
  parents: readonly string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

/** Per-operation scratch space: a temporary index and an empty stand-in work tree. */
export interface Scratch {
  dir: string;
  index: string;
  workTree: string;
}

export class Plumbing {
  constructor(
    readonly dir: string,
    private readonly _timeoutMs?: number
  ) {}

  /** Runs git with `args`; failures become named errors (`ref` marks a possible race). */
  async run(
    args: string[],
    context: { op: string; ref?: string; env?: Record<string, string> }
  ): Promise<string> {
    // Plain execFile with the seam's environment and settings rather than simple-git, which
    // waits an extra 50 ms for every command that prints nothing (read-tree, update-ref...).
    const argv = [...GIT_CONFIG.flatMap(c => ['-c', c]), ...args];
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        argv,
        {
          cwd: this.dir,
          env: gitEnvironment(context.env ?? {}),
          timeout: this._timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS,
          maxBuffer: 256 * 1024 * 1024,
          windowsHide: true
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve(stdout);
            return;
          }
          // Only git's own words: the argument list never reaches an error message.
          const killed = error.killed ? 'block timeout: git was killed' : '';
          const message = String(stderr).trim() || killed || `git exited with ${error.code}`;
          reject(translateGitError(new Error(message), context));
        }
      );
    });
  }

  /** The commit `rev` names, or null when it does not exist. */
  async resolveCommit(rev: string): Promise<string | null> {
    try {
      const out = await this.run(['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`], {
        op: 'rev-parse'
      });
      return out.trim() || null;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** The tree (or blob) at `path` inside `commit`, or null when absent. */
  async objectAt(commit: string, subPath: string): Promise<string | null> {
    try {
      const out = await this.run(
        ['rev-parse', '--verify', '--end-of-options', `${commit}:${subPath}`],
        {
          op: 'rev-parse'
        }
      );
      return out.trim() || null;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  async treeOf(commit: string): Promise<string> {
    const out = await this.run(['rev-parse', '--verify', '--end-of-options', `${commit}^{tree}`], {
      op: 'rev-parse'
    });
    return out.trim();
  }

  /** Creates scratch space; always pair with `dropScratch`. */
  async makeScratch(tmpRoot = os.tmpdir()): Promise<Scratch> {
    const dir = await fs.mkdtemp(path.join(tmpRoot, 'nbpromote-git-'));
    const workTree = path.join(dir, 'worktree');
    await fs.mkdir(workTree);
    return { dir, index: path.join(dir, 'index'), workTree };
  }

  async dropScratch(scratch: Scratch): Promise<void> {
    await fs.rm(scratch.dir, { recursive: true, force: true });
  }

  /** Stores each content as a blob; returns their ids in order. */
  async writeBlobs(scratch: Scratch, contents: readonly (string | Buffer)[]): Promise<string[]> {
    const files = await Promise.all(
      contents.map(async (content, i) => {
        const file = path.join(scratch.dir, `blob-${i}`);
        await fs.writeFile(file, content);
        return file;
      })
    );
    const ids: string[] = [];
    for (let i = 0; i < files.length; i += BATCH) {
      const out = await this.run(
        ['hash-object', '-w', '--no-filters', '--', ...files.slice(i, i + BATCH)],
        { op: 'hash-object' }
      );
      ids.push(...out.trim().split('\n'));
    }
    return ids;
  }

  /**
   * A tree equal to `baseTree` (null: empty) with everything under `prefix` replaced, either
   * by an existing tree or by files (path relative to prefix -> blob id).
   */
  async replaceSubtree(
    scratch: Scratch,
    baseTree: string | null,
    prefix: string,
    replacement: { tree: string } | { files: ReadonlyMap<string, string> }
  ): Promise<string> {
    // The stand-in work tree only satisfies `git rm --cached`; nothing is ever written to it.
    const env = { GIT_INDEX_FILE: scratch.index, GIT_WORK_TREE: scratch.workTree };
    const op = (name: string) => ({ op: name, env });
    await fs.rm(scratch.index, { force: true });
    await this.run(baseTree ? ['read-tree', baseTree] : ['read-tree', '--empty'], op('read-tree'));
    await this.run(['rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', prefix], op('rm'));
    if ('tree' in replacement) {
      await this.run(['read-tree', `--prefix=${prefix}/`, replacement.tree], op('read-tree'));
    } else {
      const infos = [...replacement.files].map(
        ([file, blob]) => `100644,${blob},${prefix}/${file}`
      );
      for (let i = 0; i < infos.length; i += BATCH) {
        const args = infos.slice(i, i + BATCH).flatMap(info => ['--cacheinfo', info]);
        await this.run(['update-index', '--add', ...args], op('update-index'));
      }
    }
    return (await this.run(['write-tree'], op('write-tree'))).trim();
  }

  /** Writes a commit object (no ref moves); the message goes through a file, not argv. */
  async commitTree(scratch: Scratch, spec: CommitSpec): Promise<string> {
    const messageFile = path.join(scratch.dir, 'message');
    await fs.writeFile(messageFile, spec.message);
    const parents = spec.parents.flatMap(p => ['-p', p]);
    const out = await this.run(['commit-tree', spec.tree, ...parents, '-F', messageFile], {
      op: 'commit-tree',
      env: identityEnv(spec.author, spec.committer)
    });
    return out.trim();
  }

  /** Moves `ref` to `next` only if it still points at `expected` (ZERO_OID: absent). */
  async compareAndSwap(ref: string, next: string, expected: string, reason: string): Promise<void> {
    await this.run(
      ['update-ref', '-m', reason, '--no-deref', '--end-of-options', ref, next, expected],
      {
        op: 'update-ref',
        ref
      }
    );
  }

  /** Deletes `ref` only if it still points at `expected`. */
  async deleteRef(ref: string, expected: string): Promise<void> {
    await this.run(['update-ref', '--no-deref', '-d', '--end-of-options', ref, expected], {
      op: 'update-ref',
      ref
    });
  }

  /** Files (blobs) under `prefix` in `commit`, recursively, with full paths. */
  async listTree(commit: string, prefix: string | null): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-r', '-z', '--full-tree', commit];
    if (prefix !== null) args.push('--', prefix);
    const out = await this.run(args, { op: 'ls-tree' });
    return out
      .split('\0')
      .filter(line => line !== '')
      .map(line => {
        const tab = line.indexOf('\t');
        const [mode, type, sha] = line.slice(0, tab).split(' ');
        return { mode, type, sha, path: line.slice(tab + 1) };
      });
  }

  /** Raw bytes of the blob at `filePath` in `commit`. */
  async readBlob(commit: string, filePath: string): Promise<Buffer> {
    const git = createSimpleGit({ baseDir: this.dir, timeoutMs: this._timeoutMs });
    try {
      return await git.binaryCatFile(['blob', `${commit}:${filePath}`]);
    } catch (error) {
      throw translateGitError(error, { op: 'cat-file' });
    }
  }
}

/** Author from the user, committer fixed: who wrote it vs. which service recorded it. */
function identityEnv(author: GitIdentity, committer: GitIdentity): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email
  };
}
