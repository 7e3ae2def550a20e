/**
 * Git plumbing without a working tree or index: objects written in process (looseObjects.ts),
 * trees spliced in memory (treeObjects.ts), reads through one `cat-file --batch` per
 * operation, refs moved only by compare-and-swap with `update-ref`. Arguments reaching here
 * are already validated (see names.ts).
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { BatchProcess, type AnswerParser } from './batchProcess';
import { commitBody, tagBody, type CommitSpec, type TagSpec } from './commitObjects';
import {
  createSimpleGit,
  DEFAULT_GIT_TIMEOUT_MS,
  GIT_CONFIG,
  gitEnvironment
} from './createSimpleGit';
import { translateGitError } from './gitErrors';
import { LooseObjects, objectId, type HashAlgorithm, type ObjectType } from './looseObjects';
import { SerialQueue } from './serialQueue';
import { parseTree, spliceTree, treesForFiles, type NewTree, type RawEntry } from './treeObjects';

export type { CommitSpec, TagSpec } from './commitObjects';

/** The "no object" id: as the old value of update-ref it means "must not exist yet". */
export const ZERO_OID = '0'.repeat(40);

export interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

/** What `readTips` found: each rev's commit, and the first existing one with its trees. */
export interface BaseTrees {
  tips: (string | null)[];
  base: { commit: string; levels: (RawEntry[] | null)[] } | null;
}

export class Plumbing {
  constructor(
    readonly dir: string,
    private readonly _timeoutMs?: number,
    /** The clock of commit and tag dates (tests pin it). */
    private readonly _now: () => Date = () => new Date()
  ) {
    // Here, not as field initialisers: those run before `dir` is set.
    this._reader = this._batch(['cat-file', '--batch']);
    this._writer = this._batch(['update-ref', '--stdin']);
  }

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
    const [commit] = await this._catFile([`${rev}^{commit}`]);
    return commit?.oid ?? null;
  }

  /** The tree (or blob) at `path` inside `commit`, or null when absent. */
  async objectAt(commit: string, subPath: string): Promise<string | null> {
    const [object] = await this._catFile([`${commit}:${subPath}`]);
    return object?.oid ?? null;
  }

  /** Stores each content as an object of `type`; returns their ids in order. */
  async writeObjects(
    contents: readonly (string | Buffer)[],
    type: ObjectType = 'blob'
  ): Promise<string[]> {
    const objects = await this._objects();
    return Promise.all(contents.map(content => objects.write(type, content)));
  }

  /** Stores each content as a blob; returns their ids in order. */
  writeBlobs(contents: readonly (string | Buffer)[]): Promise<string[]> {
    return this.writeObjects(contents, 'blob');
  }

  /**
   * A tree equal to `baseTree` (a tree or commit id, or one already read by `readTips`;
   * null: empty) with everything under `prefix` replaced, either
   * by an existing tree or by files (path relative to prefix -> blob id). Only the trees
   * along `prefix` are read (one cat-file) and the changed ones written.
   */
  async replaceSubtree(
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
    await this.writeObjects(
      trees.map(t => t.content),
      'tree'
    );
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

  /** Objects by name (null: missing), through the long-lived `cat-file --batch`. */
  private async _catFile(
    names: readonly string[]
  ): Promise<({ oid: string; type: string; content: Buffer } | null)[]> {
    // One name per line: a newline inside one would read as two (names.ts forbids it).
    if (names.some(n => /[\r\n]/.test(n))) throw new Error('An object name contains a newline.');
    try {
      return await this._reader.request(
        names.map(n => `${n}\n`).join(''),
        catFileAnswers(names.length)
      );
    } catch (error) {
      throw translateGitError(error, { op: 'cat-file' });
    }
  }

  /** The id of the empty tree in this repository's hash (sha1 or sha256). */
  async emptyTreeId(): Promise<string> {
    return objectId((await this._objects()).algorithm, 'tree', Buffer.alloc(0));
  }

  /** Writes a commit object (no ref moves). */
  async commitTree(spec: CommitSpec): Promise<string> {
    return (await this._objects()).write('commit', commitBody(spec, this._now()));
  }

  /** Writes an annotated tag object (no ref moves). */
  async writeTag(spec: TagSpec): Promise<string> {
    return (await this._objects()).write('tag', tagBody(spec, this._now()));
  }

  /** Moves `ref` to `next` only if it still points at `expected` (ZERO_OID: absent). */
  compareAndSwap(ref: string, next: string, expected: string): Promise<void> {
    return this._updateRef(ref, `update ${ref} ${next} ${expected}`);
  }

  /** Deletes `ref` only if it still points at `expected`. */
  deleteRef(ref: string, expected: string): Promise<void> {
    return this._updateRef(ref, `delete ${ref} ${expected}`);
  }

  /** Ends the long-lived git processes (the next call starts them again). */
  async close(): Promise<void> {
    await Promise.all([this._reader.close(), this._writer.close()]);
  }

  /**
   * One ref move as a transaction of the long-lived `update-ref --stdin`: locked, checked
   * against its expected value and committed, or refused as a whole. One at a time, so a
   * refused move (git exits) never takes another caller's move down with it.
   */
  private async _updateRef(ref: string, command: string): Promise<void> {
    if (/\s/.test(ref)) throw new Error('A ref name contains white space.');
    await this._refQueue.run(async () => {
      try {
        await this._writer.request(
          `start\noption no-deref\n${command}\nprepare\ncommit\n`,
          expectLines(['start: ok', 'prepare: ok', 'commit: ok'])
        );
      } catch (error) {
        throw translateGitError(error, { op: 'update-ref', ref });
      }
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

  /** The object writer, once the repository's hash algorithm is known. */
  private _objects(): Promise<LooseObjects> {
    this._loose ??= this.run(['rev-parse', '--show-object-format'], { op: 'rev-parse' }).then(
      out => {
        const format = out.trim();
        if (format !== 'sha1' && format !== 'sha256') {
          throw new Error(`The artifact repository uses an unknown hash: ${format}`);
        }
        return new LooseObjects(path.join(this.dir, 'objects'), format as HashAlgorithm);
      }
    );
    this._loose.catch(() => (this._loose = undefined)); // a later call asks again
    return this._loose;
  }

  private _loose: Promise<LooseObjects> | undefined;
  private readonly _reader: BatchProcess;
  private readonly _writer: BatchProcess;
  private readonly _refQueue = new SerialQueue();

  private _batch(args: string[]): BatchProcess {
    return new BatchProcess([...GIT_CONFIG.flatMap(c => ['-c', c]), ...args], {
      cwd: this.dir,
      env: gitEnvironment({}),
      timeoutMs: this._timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS
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

type CatFileObject = { oid: string; type: string; content: Buffer } | null;

/** Parses `count` answers of `cat-file --batch`: `<oid> <type> <size>\n<content>\n` or `<name> missing\n`. */
function catFileAnswers(count: number): AnswerParser<CatFileObject[]> {
  return out => {
    const objects: CatFileObject[] = [];
    let at = 0;
    while (objects.length < count) {
      const eol = out.indexOf(0x0a, at);
      if (eol < 0) return null;
      const header = out.toString('utf8', at, eol).split(' ');
      if (header.length !== 3) {
        objects.push(null); // "<name> missing" (or ambiguous)
        at = eol + 1;
        continue;
      }
      const size = Number(header[2]);
      if (out.length < eol + 1 + size + 1) return null;
      objects.push({
        oid: header[0],
        type: header[1],
        content: out.subarray(eol + 1, eol + 1 + size)
      });
      at = eol + 1 + size + 1;
    }
    return { value: objects, used: at };
  };
}

/** Waits for exactly these lines; anything else is git misbehaving. */
function expectLines(lines: readonly string[]): AnswerParser<void> {
  const expected = lines.map(l => `${l}\n`).join('');
  return out => {
    if (out.length < expected.length) return null;
    const got = out.toString('utf8', 0, expected.length);
    if (got !== expected) throw new Error(`git update-ref answered: ${got.trim()}`);
    return { value: undefined, used: expected.length };
  };
}
