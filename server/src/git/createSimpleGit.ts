/**
 * The one place simple-git instances are made, so every git process runs with the same
 * safe settings: simple-git's unsafe-argument checks on, no prompts, C locale, a timeout,
 * no inherited GIT_* variables that could point git at another repository or config.
 */
import { simpleGit, type SimpleGit } from 'simple-git';

export interface GitIdentity {
  name: string;
  email: string;
}

export interface CreateSimpleGitOptions {
  /** The bare repository (or any directory git runs in). */
  baseDir: string;
  /** Extra environment for this instance only (temporary index, author identity...). */
  env?: Record<string, string>;
  /** Kill a git process that produces no output for this long. */
  timeoutMs?: number;
}

export const DEFAULT_GIT_TIMEOUT_MS = 60_000;

/** `-c` settings of every git process. */
export const GIT_CONFIG: readonly string[] = [
  'core.quotePath=false',
  // Plumbing never needs these; keep a stray global setting from changing the result.
  'gc.auto=0',
  'core.autocrlf=false',
  'commit.gpgSign=false',
  'tag.gpgSign=false'
];

/** Variables copied from the service's environment; everything else is dropped. */
const INHERITED = [
  'PATH',
  'HOME',
  'TMPDIR',
  'SYSTEMROOT',
  'SSH_AUTH_SOCK',
  'HTTPS_PROXY',
  'NO_PROXY'
];

export function createSimpleGit(options: CreateSimpleGitOptions): SimpleGit {
  const env = gitEnvironment(options.env ?? {});
  const git = simpleGit({
    baseDir: options.baseDir,
    // `unsafe` left at its default: simple-git refuses --upload-pack, -c core.sshCommand & co.
    config: [...GIT_CONFIG],
    // simple-git's guard refuses GIT_* variables and config keys it was not told of; these are
    // the ones this module sets itself (never a caller's string).
    allowEnvironment: Object.keys(env).filter(key => key.startsWith('GIT_')),
    allowConfig: GIT_CONFIG.map(setting => setting.slice(0, setting.indexOf('='))),
    timeout: { block: options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS },
    trimmed: false
  });
  return git.env(env);
}

/** The complete environment of a git process. */
export function gitEnvironment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return {
    ...env,
    LANG: 'C',
    LC_ALL: 'C',
    LANGUAGE: 'C',
    GIT_TERMINAL_PROMPT: '0',
    // Ref names and paths we pass are literal, never pathspec magic like ':(glob)'.
    GIT_LITERAL_PATHSPECS: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra
  };
}
