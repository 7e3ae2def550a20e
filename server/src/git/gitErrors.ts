/**
 * Git's stderr, translated into the service's named errors so callers never parse it.
 */
import { ConflictError, NbpromoteError, NotFoundError, ToolFailedError } from '../errors';

/** A git command failed for a reason the caller cannot fix: a 5xx. */
export class GitOperationError extends ToolFailedError {
  constructor(message: string, details?: Record<string, unknown>, code = 'git_failed') {
    super(code, message, details);
  }
}

/**
 * A ref moved (or was locked) between reading and updating it. Internal: the repository
 * retries the whole operation, and only surfaces it when retries run out.
 */
export class RefRaceError extends ConflictError {
  constructor(ref: string) {
    super(`${ref} changed while it was being updated; try again.`, { ref }, 'ref_race');
  }
}

const RACE = [
  /cannot lock ref/i,
  /but expected/i,
  /is at [0-9a-f]+ but/i,
  /reference already exists/i,
  /unable to create '.*\.lock'/i,
  /already exists/i
];

const MISSING = [
  /not a valid object name/i,
  /needed a single revision/i,
  /bad revision/i,
  /unknown revision/i,
  /does not exist in/i,
  /exists on disk, but not in/i,
  /not a tree object/i,
  /invalid object name/i
];

/** `ref` names the ref being updated, when a race is possible. */
export function translateGitError(error: unknown, context: { op: string; ref?: string }): Error {
  if (error instanceof NbpromoteError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const message = redact(raw).trim();
  if (context.ref !== undefined && RACE.some(re => re.test(message))) {
    return new RefRaceError(context.ref);
  }
  if (MISSING.some(re => re.test(message))) {
    return new NotFoundError(`Not found in the artifact repository (${context.op}).`, {
      op: context.op
    });
  }
  if (/timed? ?out|block timeout/i.test(message)) {
    return new GitOperationError(`git ${context.op} timed out.`, { op: context.op }, 'git_timeout');
  }
  return new GitOperationError(`git ${context.op} failed: ${firstLines(message)}`, {
    op: context.op
  });
}

/** Hides credentials embedded in URLs (https://user:token@host). */
export function redact(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1***@');
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 3).join(' ').slice(0, 300);
}
