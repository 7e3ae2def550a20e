import { createHash, randomBytes } from 'node:crypto';
import { InputError } from '../errors';
import { ROLES, type Role } from '../domain';

/** Prefix that makes nbpromote tokens recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'nbp_';

/** A new API token: 32 random bytes, base64url, prefixed. Shown once, stored hashed. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** What the database keeps: sha256 (hex). Tokens are random, so no salt or slow hash is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** User names become git author names and audit actors: keep them plain. */
export function checkUserName(name: string): string {
  if (!USER_NAME.test(name)) {
    throw new InputError(
      'A user name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.',
      { field: 'name' }
    );
  }
  return name;
}

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new InputError(`Unknown role "${role}"; use one of ${ROLES.join(', ')}.`, {
      field: 'role',
      allowed: [...ROLES]
    });
  }
  return role as Role;
}
