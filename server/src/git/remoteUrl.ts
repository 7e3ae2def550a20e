/**
 * Remote URLs an admin may configure for pushing the artifact repository. Only plain
 * https, ssh and file URLs: no `ext::` transports, no scp-like shorthand, nothing that
 * starts with '-' and could be read as an option.
 */
import { InputError } from '../errors';

const ALLOWED = new Set(['https:', 'ssh:', 'file:']);

/** Returns the URL unchanged when it is safe to hand to `git push`. */
export function checkRemoteUrl(value: unknown): string {
  const fail = (why: string): never => {
    throw new InputError(`Invalid remote URL: ${why}.`, { field: 'remoteUrl' });
  };
  if (typeof value !== 'string' || value === '') return fail('it must be a non-empty string');
  if (value.length > 2048) fail('it is too long');
  // eslint-disable-next-line no-control-regex
  if (/[\s\x00-\x1f\x7f]/.test(value)) fail('it must not contain spaces or control characters');
  if (value.startsWith('-')) fail('it must not start with "-"');
  if (value.includes('::')) fail('transport helpers ("::") are not allowed');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('use a full https://, ssh:// or file:// URL');
  }
  if (!ALLOWED.has(url.protocol)) fail(`scheme ${url.protocol} is not allowed (https, ssh, file)`);
  if (url.protocol !== 'file:' && url.hostname === '') fail('a host is required');
  if (url.hostname.startsWith('-')) fail('the host must not start with "-"');
  if (url.protocol === 'file:' && (url.hostname !== '' || url.pathname === '/')) {
    fail('file URLs must name a local path, like file:///srv/artifacts.git');
  }
  return value;
}
