/**
 * Git plumbing without a working tree or index: objects from temporary files (one
 * hash-object process per kind), trees spliced in memory (treeObjects.ts), commits with
 * `commit-tree`, refs moved only by compare-and-swap. Arguments reaching here are already validated (see names.ts).
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
import { parseTree, spliceTree, treesForFiles, type NewTree, type RawEntry } from './treeObjects';

/** The "no object" id: as the old value of update-ref it means "must not exist yet". */
export const ZERO_OID = '0'.repeat(40);

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

/** Per-operation scratch space for object contents and messages. */
export interface Scratch {
  dir: string;
}

/** What `readTips` found: each rev's commit, and the first existing one with its trees. */
export interface BaseTrees {
  tips: (string | null)[];
  base: { commit: string; levels: (RawEntry[] | null)[] } | null;
}

export class Plumbing {
  constructor(
    readonly dir: string,
    private readonly _timeoutMs?: number
  ) {}

  /** Runs git with `args`; failures become named errors (`ref` marks a possible race). */
  async run(
    args: string[],
    context: { op: string; ref?: string; env?: Record<string, string> },
    input?: string
  ): Promise<string> {
    return (await this.exec(args, context, input)).toString('utf8');
  }

  /** Like `run`, with `input` on stdin and the raw bytes of stdout. */
  exec(
    args: string[],
    context: { op: string; ref?: string; env?: Record<string, string> },
    input?: string | Buffer
  ): Promise<Buffer> {
    // Plain execFile with the seam's environment and settings rather than simple-git, which
    // waits an extra 50 ms for every command that prints nothing (read-tree, update-ref...).
    const argv = [...GIT_CONFIG.flatMap(c => ['-c', c]), ...args];
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        argv,
        {
          cwd: this.dir,
          env: gitEnvironment(context.env ?? {}),
          timeout: this._timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS,
          maxBuffer: 256 * 1024 * 1024,
          encoding: 'buffer',
          windowsHide: true
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve(stdout);
            return;
          }
          // Only git's own words: the argument list never reaches an error message.
          const killed = error.killed ? 'block timeout: git was killed' : '';
          const message =
            stderr.toString('utf8').trim() || killed || `git exited with ${error.code}`;
          reject(translateGitError(new Error(message), context));
        }
      );
      // A git that fails early closes stdin; the callback reports why.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(input);
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

  /** Creates scratch space; always pair with `dropScratch`. */
  async makeScratch(tmpRoot = os.tmpdir()): Promise<Scratch> {
    const dir = await fs.mkdtemp(path.join(tmpRoot, 'nbpromote-git-'));
    // Paths go to git one per line (--stdin-paths).
    if (dir.includes('\n')) throw new Error('The temporary directory name contains a newline.');
    return { dir };
  }

  async dropScratch(scratch: Scratch): Promise<void> {
    await fs.rm(scratch.dir, { recursive: true, force: true });
  }

  /** Stores each content as an object of `type` with one git process; returns ids in order. */
  async writeObjects(
    scratch: Scratch,
    contents: readonly (string | Buffer)[],
    type: 'blob' | 'tree' = 'blob'
  ): Promise<string[]> {
    if (contents.length === 0) return [];
    const files = await Promise.all(
      contents.map(async (content, i) => {
        const file = path.join(scratch.dir, `${type}-${i}`);
        await fs.writeFile(file, content);
        return file;
      })
    );
    const out = await this.run(
      ['hash-object', '-w', '-t', type, '--no-filters', '--stdin-paths'],
      { op: 'hash-object' },
      files.join('\n') + '\n'
    );
    const ids = out.trim().split('\n');
    if (ids.length !== files.length) throw new Error('git hash-object gave too few ids');
    return ids;
  }

  /** Stores each content as a blob; returns their ids in order. */
  writeBlobs(scratch: Scratch, contents: readonly (string | Buffer)[]): Promise<string[]> {
    return this.writeObjects(scratch, contents, 'blob');
  }

  /**
   * A tree equal to `baseTree` (a tree or commit id, or one already read by `readTips`;
   * null: empty) with everything under `prefix` replaced, either
   * by an existing tree or by files (path relative to prefix -> blob id). Only the trees
   * along `prefix` are read (one cat-file) and the changed ones written (one hash-object).
   */
  async replaceSubtree(
    scratch: Scratch,
    baseTree: string | null | { commit: string; levels: (RawEntry[] | null)[] },
    prefix: string,
    replacement: { tree: string } | { files: ReadonlyMap<string, string> }
  ): Promise<string> {
    const parts = prefix.split('/');
    const base = typeof baseTree === 'string' ? baseTree : (baseTree?.commit ?? null);
    const hexLength = base?.length ?? (await this.emptyTreeId()).length;
    const levels =
      typeof baseTree === 'string'
        ? await this.readTreesAlong(baseTree, parts.slice(0, -1))
        : (baseTree?.levels ?? []);
    const trees: NewTree[] = [];
    const subtree =
      'tree' in replacement ? replacement.tree : treesForFiles(replacement.files, hexLength, trees);
    const root = spliceTree(levels, parts, subtree, hexLength, trees);
    const written = await this.writeObjects(
      scratch,
      trees.map(t => t.content),
      'tree'
    );
    // Our ids must be git's: a mismatch would mean a parent pointing at a tree not written.
    if (written.some((id, i) => id !== trees[i].oid)) {
      throw new Error('git computed different tree ids than expected');
    }
    return trees.length > 0 ? root : await this.emptyTreeId();
  }

  /** The entries of `tree` and of its subtrees along `dirs` (null where there is none). */
  async readTreesAlong(tree: string, dirs: readonly string[]): Promise<(RawEntry[] | null)[]> {
    return (await this.readTips([tree], dirs)).base?.levels ?? [];
  }

  /**
   * The commits named by `revs` (full ref names or ids; null: not asked) and, for the first
   * that exists, its trees along `dirs`, all with one cat-file process: a parent and the
   * trees a new commit splices into.
   */
  async readTips(revs: readonly (string | null)[], dirs: readonly string[]): Promise<BaseTrees> {
    const asked = revs.filter((r): r is string => r !== null);
    // `^{tree}` lets a commit stand for its tree; cat-file answers each name in order.
    const names = asked.flatMap(rev => {
      const root = `${rev}^{tree}`;
      return [rev, root, ...dirs.map((_, i) => `${root}:${dirs.slice(0, i + 1).join('/')}`)];
    });
    const objects = await this._catFile(names);
    const per = dirs.length + 2;
    const found = new Map<string, { commit: string; levels: (RawEntry[] | null)[] }>();
    asked.forEach((rev, i) => {
      const [head, ...trees] = objects.slice(i * per, (i + 1) * per);
      if (!head || (head.type !== 'commit' && head.type !== 'tree')) return;
      const levels = trees.map(t =>
        t?.type === 'tree' ? parseTree(t.content, t.oid.length / 2) : null
      );
      found.set(rev, { commit: head.oid, levels });
    });
    const tips = revs.map(r => (r === null ? null : (found.get(r)?.commit ?? null)));
    const first = asked.find(r => found.has(r));
    return { tips, base: first === undefined ? null : (found.get(first) ?? null) };
  }

  private async _catFile(
    names: readonly string[]
  ): Promise<({ oid: string; type: string; content: Buffer } | null)[]> {
    const out = await this.exec(
      ['cat-file', '--batch'],
      { op: 'cat-file' },
      names.join('\n') + '\n'
    );
    const objects: ({ oid: string; type: string; content: Buffer } | null)[] = [];
    let at = 0;
    for (let i = 0; i < names.length; i++) {
      const eol = out.indexOf(0x0a, at);
      const header = out.toString('utf8', at, eol).split(' ');
      at = eol + 1;
      if (header.length !== 3) {
        objects.push(null); // "<name> missing"
        continue;
      }
      const size = Number(header[2]);
      objects.push({ oid: header[0], type: header[1], content: out.subarray(at, at + size) });
      at += size + 1;
    }
    return objects;
  }

  /** The id of the empty tree in this repository's hash (sha1 or sha256). */
  async emptyTreeId(): Promise<string> {
    this._emptyTree ??= this.run(
      ['hash-object', '-t', 'tree', '--stdin'],
      { op: 'hash-object' },
      ''
    ).then(out => out.trim());
    return this._emptyTree;
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

  private _emptyTree: Promise<string> | undefined;

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
