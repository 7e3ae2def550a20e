import type { GitIdentity } from '../../git';

/** The git author of a user's commits. */
export function gitIdentity(user: string): GitIdentity {
  return { name: user, email: `${user}@nbpromote.invalid` };
}
