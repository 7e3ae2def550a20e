/**
 * Commit messages with git trailers (`Request-Id: 12`). Formatted here rather than by
 * `git interpret-trailers`, so values are validated before they can inject extra lines.
 */
import { InputError } from '../errors';

const TOKEN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** Trailers in a stable order (insertion order of the record). */
export type Trailers = Record<string, string>;

/** Message body followed by a blank line and one `Key: value` line per trailer. */
export function formatCommitMessage(message: string, trailers: Trailers = {}): string {
  const body = message.replace(/\r\n?/g, '\n').trim();
  if (body === '') throw new InputError('A commit message is required.', { field: 'message' });
  if (body.length > 10_000) {
    throw new InputError('The commit message is too long.', { field: 'message' });
  }
  const lines = Object.entries(trailers).map(
    ([key, value]) => `${checkKey(key)}: ${checkValue(key, value)}`
  );
  return lines.length > 0 ? `${body}\n\n${lines.join('\n')}\n` : `${body}\n`;
}

/** Reads the trailer block at the end of a commit message. */
export function parseTrailers(message: string): Trailers {
  const paragraphs = message.trimEnd().split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const result: Trailers = {};
  if (paragraphs.length < 2) return result;
  for (const line of last.split('\n')) {
    const match = /^([A-Za-z0-9][A-Za-z0-9-]*): (.*)$/.exec(line);
    if (!match) return {};
    result[match[1]] = match[2];
  }
  return result;
}

function checkKey(key: string): string {
  if (!TOKEN.test(key)) {
    throw new InputError(`Invalid trailer name ${JSON.stringify(key.slice(0, 40))}.`, {
      field: 'trailers'
    });
  }
  return key;
}

function checkValue(key: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || value.trim() === '' || /[\x00-\x1f\x7f]/.test(value)) {
    throw new InputError(`Trailer ${key} must be one non-empty line.`, {
      field: `trailers.${key}`
    });
  }
  if (value.length > 500) {
    throw new InputError(`Trailer ${key} is too long.`, { field: `trailers.${key}` });
  }
  return value.trim();
}
