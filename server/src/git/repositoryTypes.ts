/** What the artifact repository takes and answers. */
import type { GitIdentity } from './createSimpleGit';
import type { Trailers } from './trailers';

export interface ArtifactRepositoryOptions {
  /** Directory of the bare repository; created on first use. */
  dir: string;
  /** Committer of every service commit (authors come from users). */
  committer?: GitIdentity;
  timeoutMs?: number;
  /** Attempts before a compare-and-swap race is reported as a ConflictError. */
  maxAttempts?: number;
  /** Observes retries (tests, metrics). */
  onRetry?: (ref: string, attempt: number) => void;
  /**
   * The shared remote's URL, asked before each write and each fetch (null: none). With
   * one, every write reaches the remote before it is reported done (see sharedRemote.ts).
   */
  remote?: () => Promise<string | null>;
  log?: (msg: string) => void;
}

export interface CommitRevisionInput {
  requestId: number | string;
  project: string;
  algorithm: string;
  /** Bundle files, relative to `<project>/<algorithm>/`; they replace that whole subtree. */
  files: ReadonlyMap<string, string | Buffer>;
  message: string;
  author: GitIdentity;
  trailers?: Trailers;
  /** A new branch starts from this environment's tip (else from main). */
  environment?: string;
}

export interface PromoteInput {
  requestId: number | string;
  environment: string;
  project: string;
  algorithm: string;
  version: string;
  trailers?: Trailers;
  /** Who promoted; defaults to the service committer. */
  author?: GitIdentity;
  /** The revision's commit, as the database records it (else the request branch's tip). */
  commit?: string;
}

export interface PromoteResult {
  /** The merge commit now at the tip of `env/<environment>`. */
  commitSha: string;
  branch: string;
  tag: string;
}

export interface RefInfo {
  ref: string;
  sha: string;
  /** For annotated tags: the commit they point at. */
  peeled?: string;
}
