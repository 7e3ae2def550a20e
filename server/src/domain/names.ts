/**
 * Project and algorithm names. They become directory names and parts of git refs and tags,
 * so they are deliberately narrow: lowercase, no path tricks, nothing git could read as an option.
 */
import { InputError } from '../errors';

const NAME = /^[a-z0-9][a-z0-9_.-]*$/;
const MAX_NAME = 64;

/** Throws InputError unless `value` is a valid project or algorithm name; returns it. */
export function assertArtifactName(value: unknown, field: 'project' | 'algorithm'): string {
  const problem = artifactNameProblem(value);
  if (problem !== null) {
    throw new InputError(`${field} ${problem}`, { field, value: String(value).slice(0, 80) });
  }
  return value as string;
}

/** Why `value` is not a valid name, or null. */
export function artifactNameProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return 'must be a non-empty string.';
  if (value.length > MAX_NAME) return `must be at most ${MAX_NAME} characters.`;
  if (!NAME.test(value)) {
    return 'must start with a lowercase letter or digit and use only a-z, 0-9, ".", "_" and "-".';
  }
  // '..' and a trailing '.' or '.lock' are refused by git in ref names.
  if (value.includes('..')) return 'must not contain "..".';
  if (value.endsWith('.') || value.endsWith('.lock')) return 'must not end with "." or ".lock".';
  return null;
}
