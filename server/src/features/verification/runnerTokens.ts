/**
 * Run-scoped runner tokens: each verification run gets one, minted when it starts and kept
 * only as a hash. It acts as a pipeline-runner for that run alone, and only while the run is
 * running under a lease that has not passed: once the run ends, is cancelled or is lost, it
 * is refused.
 */
import { randomBytes } from 'node:crypto';
import { hashToken } from '../../auth/tokens';
import { AuthenticationError } from '../../errors';
import type { RunnerScope, Stores, User } from '../../store';

/** Distinct from API tokens (`nbp_`): never cached, looked up against the run each time. */
export const RUNNER_TOKEN_PREFIX = 'nbpr_';

export function mintRunnerToken(): { token: string; hash: string } {
  const token = RUNNER_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function isRunnerToken(token: string | undefined): boolean {
  return token?.startsWith(RUNNER_TOKEN_PREFIX) ?? false;
}

/** The runner a run-scoped token stands for, and the one run it may report; 401 otherwise. */
export async function runnerOf(
  stores: Stores,
  token: string,
  now = new Date()
): Promise<{ user: User; scope: RunnerScope }> {
  const scope = await stores.verifications.runnerScope(hashToken(token), now.toISOString());
  if (!scope) {
    throw new AuthenticationError('The runner token is not valid: its run is not running.');
  }
  return {
    user: { id: 0, name: `verification-${scope.verification}`, role: 'pipeline-runner' },
    scope
  };
}
