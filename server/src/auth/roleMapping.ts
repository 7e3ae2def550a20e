import type { HubRole, RoleNames } from './identityConfig';

/** Strongest first: a user in the admins and the reviewers group is an admin. */
const BY_STRENGTH: readonly HubRole[] = ['admin', 'reviewer', 'data-scientist'];

/**
 * The nbpromote role a provider's groups and scopes give, or undefined when they give none
 * (the caller refuses such a user: nbpromote has no read-only role).
 */
export function roleFrom(
  names: RoleNames,
  groups: readonly string[],
  scopes: readonly string[] = []
): HubRole | undefined {
  const inGroups = new Set(groups);
  const inScopes = new Set(scopes);
  return BY_STRENGTH.find(
    role => inGroups.has(names.groups[role]) || inScopes.has(names.scopes[role])
  );
}

/** The sentence a refused user reads: what would let them in. */
export function noRoleMessage(name: string, names: RoleNames): string {
  const groups = BY_STRENGTH.map(role => names.groups[role]).join(', ');
  return (
    `${name} has no nbpromote role: ask an administrator to add you to one of the groups ` +
    `${groups}.`
  );
}
