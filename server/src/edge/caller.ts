/** Who is asking: the user `requireToken` put on the response, as routes read it. */
import type { Response } from 'express';
import type { Actor } from '../domain';
import { NotAllowedError } from '../errors';
import type { RunnerScope, User } from '../store';

/** The authenticated user of a request (after `requireToken`). */
export function userOf(res: Response): User {
  return res.locals.user as User;
}

/** The one run a run-scoped runner token may report; undefined for every other token. */
export function runnerScopeOf(res: Response): RunnerScope | undefined {
  return res.locals.runnerScope as RunnerScope | undefined;
}

/** The user as the domain's actor. */
export function actorOf(res: Response): Actor {
  const user = userOf(res);
  return { id: user.name, role: user.role };
}

/** 403 unless the user is an admin. */
export function requireAdmin(res: Response): void {
  if (userOf(res).role !== 'admin') {
    throw new NotAllowedError('Only admins may do this.', { role: userOf(res).role });
  }
}
