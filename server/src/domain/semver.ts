/**
 * Semantic Versioning 2.0.0: parse, compare, bump. Small enough to own rather than depend on.
 */
import { InputError } from '../errors';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers, e.g. ['rc', '1']; empty for a release. */
  prerelease: readonly string[];
  /** Build metadata identifiers; ignored by precedence. */
  build: readonly string[];
}

export type BumpLevel = 'major' | 'minor' | 'patch';

// The regular expression published with the specification (semver.org, FAQ).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const MAX_LENGTH = 256;

/** Parses a strict semver string; `field` names where it came from in the error. */
export function parseVersion(text: unknown, field = 'version'): SemVer {
  if (typeof text !== 'string') {
    throw new InputError(`${field} must be a string like 1.2.3.`, { field });
  }
  const match = text.length <= MAX_LENGTH ? SEMVER.exec(text) : null;
  if (!match) {
    const hint = /^[vV]\d/.test(text) ? ' (write it without the leading "v")' : '';
    throw new InputError(
      `${field} ${JSON.stringify(text.slice(0, 80))} is not a semantic version like 1.2.3${hint}.`,
      { field, value: text.slice(0, 80) },
      'invalid_version'
    );
  }
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number);
  if (![major, minor, patch].every(Number.isSafeInteger)) {
    throw new InputError(`${field} ${text} has a number too large.`, { field }, 'invalid_version');
  }
  return {
    major,
    minor,
    patch,
    prerelease: match[4] ? match[4].split('.') : [],
    build: match[5] ? match[5].split('.') : []
  };
}

export function isValidVersion(text: unknown): boolean {
  try {
    parseVersion(text);
    return true;
  } catch {
    return false;
  }
}

export function formatVersion(v: SemVer): string {
  let text = `${v.major}.${v.minor}.${v.patch}`;
  if (v.prerelease.length > 0) text += `-${v.prerelease.join('.')}`;
  if (v.build.length > 0) text += `+${v.build.join('.')}`;
  return text;
}

/** Precedence order (spec item 11): negative, 0 or positive. Build metadata is ignored. */
export function compareVersions(a: SemVer | string, b: SemVer | string): number {
  const x = typeof a === 'string' ? parseVersion(a) : a;
  const y = typeof b === 'string' ? parseVersion(b) : b;
  const core = x.major - y.major || x.minor - y.minor || x.patch - y.patch;
  if (core !== 0) return Math.sign(core);
  // A release ranks above any of its pre-releases.
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    return Math.sign(y.prerelease.length - x.prerelease.length);
  }
  const n = Math.min(x.prerelease.length, y.prerelease.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifiers(x.prerelease[i], y.prerelease[i]);
    if (c !== 0) return c;
  }
  return Math.sign(x.prerelease.length - y.prerelease.length);
}

function compareIdentifiers(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Math.sign(Number(a) - Number(b));
  if (an !== bn) return an ? -1 : 1; // numeric identifiers rank below alphanumeric ones
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The next release at `level`. Like npm: a pre-release bumps to its own release when that is
 * the requested level (1.2.0-rc.1 minor -> 1.2.0), so the result always ranks higher.
 */
export function bumpVersion(version: SemVer | string, level: BumpLevel): SemVer {
  const v = typeof version === 'string' ? parseVersion(version) : version;
  const pre = v.prerelease.length > 0;
  const base = { prerelease: [], build: [] };
  switch (level) {
    case 'major':
      if (pre && v.minor === 0 && v.patch === 0)
        return { ...base, major: v.major, minor: 0, patch: 0 };
      return { ...base, major: v.major + 1, minor: 0, patch: 0 };
    case 'minor':
      if (pre && v.patch === 0) return { ...base, major: v.major, minor: v.minor, patch: 0 };
      return { ...base, major: v.major, minor: v.minor + 1, patch: 0 };
    case 'patch':
      if (pre) return { ...base, major: v.major, minor: v.minor, patch: v.patch };
      return { ...base, major: v.major, minor: v.minor, patch: v.patch + 1 };
  }
}
