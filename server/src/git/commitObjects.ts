/**
 * The bodies of commit and annotated tag objects, in git's format, so they can be written
 * in process (looseObjects.ts). Identities are checked before they get here (names.ts): no
 * '<', '>' or control characters can break a header line.
 */
import type { GitIdentity } from './createSimpleGit';

export interface CommitSpec {
  tree: string;
  parents: readonly string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

export interface TagSpec {
  object: string;
  name: string;
  message: string;
  tagger: GitIdentity;
}

/** `<seconds since epoch> <+hhmm>` in the service's time zone, as git writes dates. */
export function gitDate(at: Date): string {
  const offset = -at.getTimezoneOffset();
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${Math.floor(at.getTime() / 1000)} ${offset < 0 ? '-' : '+'}${hhmm}`;
}

function person(who: GitIdentity, at: Date): string {
  return `${who.name} <${who.email}> ${gitDate(at)}`;
}

/** A commit object's body; the message is kept byte for byte, as `commit-tree -F` does. */
export function commitBody(spec: CommitSpec, at: Date): string {
  return [
    `tree ${spec.tree}`,
    ...spec.parents.map(p => `parent ${p}`),
    `author ${person(spec.author, at)}`,
    `committer ${person(spec.committer, at)}`,
    '',
    spec.message
  ].join('\n');
}

/** An annotated tag object's body pointing at a commit. */
export function tagBody(spec: TagSpec, at: Date): string {
  return [
    `object ${spec.object}`,
    'type commit',
    `tag ${spec.name}`,
    `tagger ${person(spec.tagger, at)}`,
    '',
    spec.message
  ].join('\n');
}
