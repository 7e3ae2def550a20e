/**
 * The artifact repository: a bare git repository holding every bundle. Requests get a branch
 * `promotions/<id>` (one commit per revision); promotion merges it into `env/<environment>`
 * and tags `<project>/<algorithm>/v<version>`.
 *
 * Concurrency: writes are serialized per repository object (one per process), and every ref
 * moves by compare-and-swap, so another process writing at the same time makes us rebuild
 * on the new tip and retry instead of losing a commit. No shared index or working tree exists.
 *
 * Replicas: with a remote configured, this repository is one replica's mirror of it. A write
 * moves the remote's refs first (atomic compare-and-swap, sharedRemote.ts) and only then the
 * local ones, so nothing a caller was told about lives on one replica only; a lost race
 * fetches and rebuilds on the new tip. A read of a commit this mirror lacks fetches first.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { ConflictError, NotFoundError } from '../errors';
import type { GitIdentity } from './createSimpleGit';
import { RefRaceError } from './gitErrors';
import * as names from './names';
import { Plumbing, ZERO_OID } from './plumbing';
import { pushAll } from './push';
import { checkRemoteUrl } from './remoteUrl';
import { SerialQueue } from './serialQueue';
import { SharedRemote, type RemoteUpdate } from './sharedRemote';
import type {
  ArtifactRepositoryOptions,
  CommitRevisionInput,
  PromoteInput,
  PromoteResult,
  RefInfo
} from './repositoryTypes';
import { formatCommitMessage, type Trailers } from './trailers';

export const DEFAULT_COMMITTER: GitIdentity = { name: 'nbpromote', email: 'nbpromote@localhost' };

const MAIN = 'refs/heads/main';
const RULES = 'refs/heads/rules';

export class ArtifactRepository {
  constructor(options: ArtifactRepositoryOptions) {
    this._options = options;
    this._committer = names.checkIdentity(options.committer ?? DEFAULT_COMMITTER);
    this._git = new Plumbing(path.resolve(options.dir), options.timeoutMs);
    this._remote = new SharedRemote(path.resolve(options.dir), options.timeoutMs);
  }

  /** Directory of the bare repository. */
  get dir(): string {
    return this._options.dir;
  }

  /** Creates the bare repository with an empty root commit on `main`, once. */
  ensureRepo(): Promise<void> {
    this._ready ??= this._init().catch((error: unknown) => {
      this._ready = undefined; // let a later call try again
      throw error;
    });
    return this._ready;
  }

  /** Commits a revision's bundle to `promotions/<id>`; returns the new commit id. */
  async commitRevision(input: CommitRevisionInput): Promise<string> {
    const id = names.checkRequestId(input.requestId);
    const prefix = names.bundlePrefix(input.project, input.algorithm);
    const env = input.environment === undefined ? null : names.checkEnvironment(input.environment);
    if (input.files.size === 0) {
      throw new ConflictError(
        'A revision needs at least one file.',
        { field: 'files' },
        'empty_bundle'
      );
    }
    const paths = [...input.files.keys()].map(p => names.checkBundlePath(p, 'files'));
    const author = names.checkIdentity(input.author);
    const message = formatCommitMessage(input.message, { 'Request-Id': id, ...input.trailers });
    const branch = `refs/heads/promotions/${id}`;
    await this.ensureRepo();

    // Blobs are content-addressed and written atomically (temp file, rename), so they need
    // no queue: concurrent submissions write theirs in parallel and only the tree, commit
    // and ref move are serialized.
    const blobs = await this._git.writeBlobs([...input.files.values()]);
    const files = new Map(paths.map((p, i) => [p, blobs[i]]));
    return this._write(async () => {
      const url = await this._joined();
      return this._retry(branch, async () => {
        // One read: the branch tip (the CAS's old value) and the parent's trees to splice.
        const { tips, base } = await this._git.readTips(
          [branch, env ? `refs/heads/env/${env}` : null, MAIN],
          prefix.split('/').slice(0, -1)
        );
        const tip = tips[0];
        if (!base) throw new NotFoundError('The artifact repository has no main branch.', {});
        const parent = base.commit;
        const tree = await this._git.replaceSubtree(base, prefix, { files });
        const commit = await this._git.commitTree({
          tree,
          parents: [parent],
          message,
          author,
          committer: this._committer
        });
        await this._publish(url, [{ ref: branch, sha: commit, expected: tip }]);
        return commit;
      });
    });
  }

  /** Merges a request into `env/<environment>` and tags its version; refuses a used version. */
  async promote(input: PromoteInput): Promise<PromoteResult> {
    const id = names.checkRequestId(input.requestId);
    const env = names.checkEnvironment(input.environment);
    const prefix = names.bundlePrefix(input.project, input.algorithm);
    const version = names.checkVersion(input.version);
    const tag = `${prefix}/v${version}`;
    const tagRef = names.checkRefName(`refs/tags/${tag}`, 'version');
    const branch = `refs/heads/env/${env}`;
    const message = formatCommitMessage(`Promote ${prefix} ${version} to ${env}`, {
      'Request-Id': id,
      ...input.trailers
    });
    const author = input.author ? names.checkIdentity(input.author) : this._committer;
    await this.ensureRepo();

    const wanted = input.commit === undefined ? null : names.checkRevision(input.commit, 'commit');
    return this._write(async () => {
      const url = await this._joined();
      const source = await this._source(url, id, wanted);
      const subtree = source && (await this._git.objectAt(source, prefix));
      if (!source || !subtree) {
        throw new NotFoundError(`Request ${id} has no revision of ${prefix} to promote.`, {
          requestId: id
        });
      }
      return this._retry(branch, async () => {
        if (await this._git.resolveCommit(tagRef)) throw versionUsed(tag);
        const tip = await this._git.resolveCommit(branch);
        const base = tip ?? (await this._main());
        const tree = await this._git.replaceSubtree(base, prefix, { tree: subtree });
        const commit = await this._git.commitTree({
          tree,
          parents: [base, source],
          message,
          author,
          committer: this._committer
        });
        if (url !== null) {
          // Tag and branch move together on the remote, the tag only where none exists.
          const tagSha = await this._writeTag(tag, commit, message);
          await this._publish(url, [
            { ref: tagRef, sha: tagSha, expected: null },
            { ref: branch, sha: commit, expected: tip }
          ]);
          return { commitSha: commit, branch: `env/${env}`, tag };
        }
        // The tag goes first: it reserves the version, so two promotions of one version
        // can never both reach an environment branch.
        const tagSha = await this._createTag(tagRef, tag, commit, message);
        try {
          await this._git.compareAndSwap(branch, commit, tip ?? ZERO_OID);
        } catch (error) {
          await this._git.deleteRef(tagRef, tagSha);
          throw error;
        }
        return { commitSha: commit, branch: `env/${env}`, tag };
      });
    });
  }

  /**
   * Commits a rules document as `rules/rules.json` on the `rules` branch (its own history,
   * apart from the bundles), so engineers read who changed which rule in git.
   */
  async commitRules(input: {
    content: string;
    message: string;
    author: GitIdentity;
    trailers?: Trailers;
  }): Promise<string> {
    const author = names.checkIdentity(input.author);
    const message = formatCommitMessage(input.message, input.trailers);
    await this.ensureRepo();
    const [blob] = await this._git.writeBlobs([input.content]);
    return this._write(async () => {
      const url = await this._joined();
      return this._retry(RULES, async () => {
        const tip = await this._git.resolveCommit(RULES);
        const tree = await this._git.replaceSubtree(null, 'rules', {
          files: new Map([['rules.json', blob]])
        });
        const commit = await this._git.commitTree({
          tree,
          parents: tip ? [tip] : [],
          message,
          author,
          committer: this._committer
        });
        await this._publish(url, [{ ref: RULES, sha: commit, expected: tip }]);
        return commit;
      });
    });
  }

  /** Full paths of the files under `prefix` (a directory, or null for all) at a commit or ref. */
  async listFiles(commitOrRef: string, prefix: string | null = null): Promise<string[]> {
    const commit = await this._resolve(commitOrRef);
    const dir =
      prefix === null ? null : names.checkBundlePath(prefix.replace(/\/+$/, ''), 'prefix');
    const entries = await this._git.listTree(commit, dir);
    return entries.filter(e => e.type === 'blob').map(e => e.path);
  }

  /** Bytes of one file at a commit or ref; NotFoundError when absent. */
  async readFile(commitOrRef: string, filePath: string): Promise<Buffer> {
    const commit = await this._resolve(commitOrRef);
    return this._git.readBlob(commit, names.checkBundlePath(filePath));
  }

  /** Tip of branch `name` (e.g. `promotions/12`, `env/prod`), or null when absent. */
  async branchTip(name: string): Promise<string | null> {
    const ref = names.checkRefName(`refs/heads/${name}`, 'branch');
    await this.ensureRepo();
    // A branch moves on every replica: the remote's tip, not this mirror's, is the answer.
    if ((await this._remoteUrl()) !== null) await this.refresh();
    return this._git.resolveCommit(ref);
  }

  /** Whether tag `name` (e.g. `churn/xgb/v1.2.0`) exists. */
  async tagExists(name: string): Promise<boolean> {
    await this.ensureRepo();
    const ref = names.checkRefName(`refs/tags/${name}`, 'tag');
    return (await this._git.resolveCommit(ref)) !== null;
  }

  /** Every branch and tag with its target: what crash repair compares with the database. */
  async listRefs(): Promise<RefInfo[]> {
    await this.ensureRepo();
    const out = await this._git.run(
      [
        'for-each-ref',
        '--format=%(refname)%00%(objectname)%00%(*objectname)',
        'refs/heads',
        'refs/tags'
      ],
      { op: 'for-each-ref' }
    );
    return out
      .split('\n')
      .filter(line => line !== '')
      .map(line => {
        const [ref, sha, peeled] = line.split('\0');
        return peeled ? { ref, sha, peeled } : { ref, sha };
      });
  }

  /** Whether `commit` is reachable from `ref` (crash repair: did a promotion land?). */
  async isAncestor(commit: string, ref: string): Promise<boolean> {
    await this.ensureRepo();
    const a = names.checkRevision(commit, 'commit');
    const b = names.checkRevision(ref, 'ref');
    try {
      await this._git.run(['merge-base', '--is-ancestor', '--end-of-options', a, b], {
        op: 'merge-base'
      });
      return true;
    } catch {
      return false;
    }
  }

  /** Deletes tag `name` if it still points at `expected` (crash repair of a half promotion). */
  async deleteTag(name: string, expected: string): Promise<void> {
    await this.ensureRepo();
    const ref = names.checkRefName(`refs/tags/${name}`, 'tag');
    await this._write(async () => this._git.deleteRef(ref, names.checkRevision(expected, 'sha')));
  }

  /** Stops the long-lived git processes (idle ones never hold the service open anyway). */
  close(): Promise<void> {
    return this._git.close();
  }

  /**
   * Brings this mirror up to date with the remote, when one is configured (says whether one
   * is). Callers at the same time share one fetch that starts after they asked.
   */
  async refresh(): Promise<boolean> {
    await this.ensureRepo();
    this._nextRefresh ??= this._write(async () => {
      this._nextRefresh = undefined;
      const before = this._joinedUrl;
      const url = await this._joined();
      if (url === null) return false;
      // A join has just fetched.
      if (url === before) await this._remote.fetch(url);
      return true;
    });
    return this._nextRefresh;
  }

  /** Whether `remoteUrl` answers as a git repository (ServiceUnavailableError when not). */
  async probeRemote(remoteUrl: string): Promise<void> {
    await this.ensureRepo();
    await this._remote.probe(checkRemoteUrl(remoteUrl));
  }

  /** Pushes all branches and tags to an admin-configured remote (never forced). */
  async push(remoteUrl: string): Promise<void> {
    const url = checkRemoteUrl(remoteUrl);
    await this.ensureRepo();
    await pushAll(this._options.dir, url, this._options.timeoutMs);
  }

  private async _init(): Promise<void> {
    const dir = this._options.dir;
    await fs.mkdir(dir, { recursive: true });
    const exists = await fs
      .stat(path.join(dir, 'HEAD'))
      .then(() => true)
      .catch(() => false);
    if (!exists) {
      await this._git.run(['init', '--bare', '--quiet', '--initial-branch=main'], { op: 'init' });
    }
    if (await this._git.resolveCommit(MAIN)) return;
    await this._write(async () => {
      const tree = await this._git.replaceSubtree(null, 'root', { files: new Map() });
      const commit = await this._git.commitTree({
        tree,
        parents: [],
        message: 'Create the artifact repository\n',
        author: this._committer,
        committer: this._committer
      });
      try {
        await this._git.compareAndSwap(MAIN, commit, ZERO_OID);
      } catch (error) {
        // Another process created main first: equally good.
        if (!(error instanceof RefRaceError)) throw error;
      }
    });
  }

  private async _main(): Promise<string> {
    const main = await this._git.resolveCommit(MAIN);
    if (!main) throw new NotFoundError('The artifact repository has no main branch.', {});
    return main;
  }

  private async _resolve(commitOrRef: string): Promise<string> {
    await this.ensureRepo();
    const rev = names.checkRevision(commitOrRef, 'ref');
    let commit = await this._git.resolveCommit(rev);
    // Another replica made it: the database named it, so the remote has it.
    if (!commit && (await this.refresh())) commit = await this._git.resolveCommit(rev);
    if (!commit)
      throw new NotFoundError(`No commit ${rev} in the artifact repository.`, { ref: rev });
    return commit;
  }

  /** The checked remote URL, or null when none is configured. */
  private async _remoteUrl(): Promise<string | null> {
    const url = (await this._options.remote?.()) ?? null;
    return url === null || url === '' ? null : checkRemoteUrl(url);
  }

  /**
   * Inside the queue: the remote URL, having joined it first when it is new to this process
   * (what this repository holds that the remote lacks is pushed, then the remote mirrored).
   */
  private async _joined(): Promise<string | null> {
    const url = await this._remoteUrl();
    if (url === null || url === this._joinedUrl) return url;
    // A new replica's own root commit on `main` always differs: nothing is lost with it.
    const refused = (await this._remote.seed(url)).filter(ref => ref !== MAIN);
    if (refused.length > 0) {
      this._options.log?.(
        `nbpromote: the remote's ${refused.join(', ')} differ from this replica's copy; the remote's are kept`
      );
    }
    await this._remote.fetch(url);
    this._joinedUrl = url;
    return url;
  }

  /**
   * Moves refs: on the remote first (when there is one), then here. A remote that moved
   * meanwhile is mirrored again before the RefRaceError makes the caller rebuild.
   */
  private async _publish(url: string | null, updates: RemoteUpdate[]): Promise<void> {
    if (url !== null) {
      try {
        await this._remote.push(url, updates);
      } catch (error) {
        if (error instanceof RefRaceError) await this._remote.fetch(url);
        throw error;
      }
    }
    for (const u of updates) {
      try {
        await this._git.compareAndSwap(u.ref, u.sha, u.expected ?? ZERO_OID);
      } catch (error) {
        // The remote took it: this mirror catches up instead of failing what is done.
        if (url === null || !(error instanceof RefRaceError)) throw error;
        await this._remote.fetch(url);
      }
    }
  }

  /**
   * The commit to promote: the one the database names (fetched if this mirror lacks it),
   * else the request branch's tip.
   */
  private async _source(url: string | null, id: string, wanted: string | null) {
    const rev = wanted ?? `refs/heads/promotions/${id}`;
    const found = await this._git.resolveCommit(rev);
    if (found || url === null) return found;
    await this._remote.fetch(url);
    return this._git.resolveCommit(rev);
  }

  /** Writes an annotated tag object for `commit` (no ref moves). */
  private _writeTag(tag: string, commit: string, message: string): Promise<string> {
    return this._git.writeTag({ object: commit, name: tag, message, tagger: this._committer });
  }

  /** Creates the annotated tag `ref` at `commit`; a tag already there means a used version. */
  private async _createTag(
    ref: string,
    tag: string,
    commit: string,
    message: string
  ): Promise<string> {
    const sha = await this._writeTag(tag, commit, message);
    try {
      await this._git.compareAndSwap(ref, sha, ZERO_OID);
    } catch (error) {
      if (error instanceof RefRaceError) throw versionUsed(tag);
      throw error;
    }
    return sha;
  }

  /** Runs one write under the per-repository queue. */
  private _write<T>(task: () => Promise<T>): Promise<T> {
    return this._queue.run(task);
  }

  /** Repeats `attempt` while `ref` keeps moving underneath it (another process wrote). */
  private async _retry<T>(ref: string, attempt: () => Promise<T>): Promise<T> {
    const max = this._options.maxAttempts ?? 50;
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof RefRaceError) || n >= max) throw error;
        this._options.onRetry?.(ref, n);
        // Jittered backoff so two processes stop colliding in lockstep.
        await new Promise(resolve => setTimeout(resolve, Math.random() * 10 * Math.min(n, 10)));
      }
    }
  }

  private readonly _options: ArtifactRepositoryOptions;
  private readonly _committer: GitIdentity;
  private readonly _git: Plumbing;
  private readonly _remote: SharedRemote;
  private readonly _queue = new SerialQueue();
  private _ready: Promise<void> | undefined;
  private _joinedUrl: string | null = null;
  private _nextRefresh: Promise<boolean> | undefined;
}

function versionUsed(tag: string): ConflictError {
  return new ConflictError(
    `Tag ${tag} already exists; versions are never reused.`,
    { tag },
    'version_used'
  );
}
