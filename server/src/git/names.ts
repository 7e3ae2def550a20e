/**
 * Checks for every user-influenced string before it reaches git: ref names, request ids,
 * versions, bundle paths, identities. Each throws InputError naming the field.
 */
import { InputError } from '../errors';
import { assertArtifactName } from '../domain/names';
import { formatVersion, parseVersion } from '../domain/semver';
import { isEnvironment, type Environment } from '../domain/environments';

const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A request id as it appears in `promotions/<id>`. */
export function checkRequestId(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !REQUEST_ID.test(text)) {
    throw new InputError('requestId must be letters, digits, "-" or "_" (at most 64).', {
      field: 'requestId'
    });
  }
  return text;
}

export function checkEnvironment(value: unknown): Environment {
  if (!isEnvironment(value)) {
    throw new InputError(`Unknown environment ${JSON.stringify(value)}.`, { field: 'environment' });
  }
  return value;
}

export { assertArtifactName as checkArtifactName };

/** A strict semver, normalised; used in tag names. */
export function checkVersion(value: unknown): string {
  return formatVersion(parseVersion(value, 'version'));
}

/**
 * `git check-ref-format` rules (plus: no leading '-', ASCII only), applied to full ref names
 * such as `refs/heads/promotions/12`. We never ask git itself: the answer must not depend on
 * running a command with the name as an argument.
 */
export function refNameProblem(ref: string): string | null {
  if (ref === '' || ref.length > 255) return 'must be 1-255 characters';
  if (!/^[\x21-\x7e]+$/.test(ref)) return 'must be printable ASCII without spaces';
  if (/[~^:?*[\\]/.test(ref)) return 'must not contain ~ ^ : ? * [ or \\';
  if (ref.includes('..') || ref.includes('@{') || ref === '@')
    return 'must not contain ".." or "@{"';
  if (ref.startsWith('-') || ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.')) {
    return 'must not start with "-" or "/" or end with "/" or "."';
  }
  if (ref.includes('//')) return 'must not contain "//"';
  for (const part of ref.split('/')) {
    if (part.startsWith('.') || part.endsWith('.lock') || part.startsWith('-')) {
      return 'no component may start with "." or "-" or end with ".lock"';
    }
  }
  return null;
}

/** Throws InputError unless `ref` is a well-formed full ref under refs/. */
export function checkRefName(ref: string, field = 'ref'): string {
  const problem = ref.startsWith('refs/') ? refNameProblem(ref) : 'must start with refs/';
  if (problem !== null) {
    throw new InputError(`Invalid ref name: ${problem}.`, { field, value: ref.slice(0, 80) });
  }
  return ref;
}

/** `commitOrRef` arguments: a full object id or a full ref name, nothing git would parse. */
export function checkRevision(value: unknown, field = 'ref'): string {
  if (typeof value === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value)) return value;
  if (typeof value !== 'string') throw new InputError(`${field} must be a string.`, { field });
  return checkRefName(value, field);
}

const MAX_PATH = 1024;

/** A relative path inside a bundle: no '..', no '.git', no absolute or empty segments. */
export function checkBundlePath(path: string, field = 'path'): string {
  const fail = (why: string): never => {
    throw new InputError(`Invalid file path ${JSON.stringify(path.slice(0, 80))}: ${why}.`, {
      field
    });
  };
  if (path === '' || path.length > MAX_PATH) fail('must be 1-1024 characters');
  // Control characters would corrupt index entries; backslashes mean a Windows path.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f\\]/.test(path)) fail('must not contain control characters or "\\"');
  if (path.startsWith('/') || path.startsWith('-') || path.startsWith(':')) {
    fail('must be relative and not start with "-" or ":"');
  }
  for (const part of path.split('/')) {
    if (part === '' || part === '.' || part === '..')
      fail('must not contain empty, "." or ".." parts');
    if (part.toLowerCase() === '.git') fail('must not contain a .git directory');
  }
  return path;
}

/** A commit author: no newlines or angle brackets, which would forge commit headers. */
export function checkIdentity(identity: { name: string; email: string }): {
  name: string;
  email: string;
} {
  const bad = /[\x00-\x1f\x7f<>]/; // eslint-disable-line no-control-regex
  const name = identity.name.trim();
  const email = identity.email.trim();
  if (name === '' || name.length > 200 || bad.test(name)) {
    throw new InputError('Author name must be 1-200 characters without "<", ">" or newlines.', {
      field: 'author.name'
    });
  }
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email) || email.length > 254 || bad.test(email)) {
    throw new InputError('Author email must look like name@host.', { field: 'author.email' });
  }
  return { name, email };
}

/** `<project>/<algorithm>`, the folder of a bundle in the repository, both names checked. */
export function bundlePrefix(project: string, algorithm: string): string {
  return `${assertArtifactName(project, 'project')}/${assertArtifactName(algorithm, 'algorithm')}`;
}
