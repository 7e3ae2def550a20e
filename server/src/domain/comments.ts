/**
 * Review comments: anchored to (revision, cell id, optional line range), threaded by `parentId`,
 * resolvable, and outdated once their cell changed in a later revision.
 */
import { Type, type TObject } from '@sinclair/typebox';
import { int, str, time, type Static } from '../shapes';
import { sha256Hex } from './sha256';
import { isWritten } from './writtenText';
import { ConflictError, InputError } from '../errors';
import { assertLegal, toIso } from './transition';
import type { Actor, AuditEvent, PromotionRequest } from './types';

export type CommentId = number | string;

/** 1-based, inclusive lines of the cell source. */
export interface LineRange {
  start: number;
  end: number;
}

/**
 * What a comment says of itself, as the API shows it too: its revision, cell, author, words,
 * and whether it is resolved or outdated (then `outdatedIn`: the first later revision in
 * which its cell changed or was removed).
 */
export const COMMENT_FIELDS = {
  revision: int,
  cellId: str,
  author: str,
  body: str,
  resolved: Type.Boolean(),
  outdated: Type.Boolean(),
  outdatedIn: Type.Optional(Type.Integer({ minimum: 2 })),
  createdAt: time
};
export type Comment = Static<TObject<typeof COMMENT_FIELDS>> & {
  id: CommentId;
  lines?: LineRange;
  /** The thread's root comment; absent on a root. */
  parentId?: CommentId;
};

/** What a user sends; the store assigns the id. */
export interface CommentInput {
  revision: number;
  cellId: string;
  lines?: LineRange;
  parentId?: CommentId;
  body: string;
}

export type NewComment = Omit<Comment, 'id'>;

/** Cell id -> hash of its source, for one revision. */
export type CellHashes = ReadonlyMap<string, string>;

/** Stable hash of a cell's source (nbformat stores it as a string or a list of lines). */
export function hashCellSource(source: string | readonly string[]): string {
  const text = typeof source === 'string' ? source : source.join('');
  return sha256Hex(text);
}

/**
 * Whether the cell under `anchor` changed (or disappeared) in any revision after the anchor's.
 * Revisions with unknown hashes are skipped rather than guessed.
 */
export function isOutdated(
  anchor: { revision: number; cellId: string },
  hashesByRevision: ReadonlyMap<number, CellHashes>
): boolean {
  return outdatedIn(anchor, hashesByRevision) !== null;
}

/** The first revision after the anchor's in which its cell changed or disappeared, or null. */
export function outdatedIn(
  anchor: { revision: number; cellId: string },
  hashesByRevision: ReadonlyMap<number, CellHashes>
): number | null {
  const original = hashesByRevision.get(anchor.revision)?.get(anchor.cellId);
  if (original === undefined) return null;
  let first: number | null = null;
  for (const [revision, hashes] of hashesByRevision) {
    if (revision <= anchor.revision || (first !== null && revision >= first)) continue;
    if (hashes.get(anchor.cellId) !== original) first = revision;
  }
  return first;
}

/**
 * Recomputes `outdated` (and `outdatedIn`) for every comment; a reply shares its thread
 * root's anchor (prepareComment copies it, so a reply alone is marked right too).
 */
export function markOutdated<C extends Comment>(
  comments: readonly C[],
  hashesByRevision: ReadonlyMap<number, CellHashes>
): C[] {
  const byId = new Map(comments.map(c => [c.id, c]));
  return comments.map(c => {
    const root = c.parentId !== undefined ? (byId.get(c.parentId) ?? c) : c;
    const since = outdatedIn(root, hashesByRevision);
    const marked: C = { ...c, outdated: since !== null };
    if (since === null) delete marked.outdatedIn;
    else marked.outdatedIn = since;
    return marked;
  });
}

/** Groups comments into threads, roots and replies in creation order. */
export function threads<C extends Comment>(comments: readonly C[]): { root: C; replies: C[] }[] {
  const ordered = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const result = new Map<CommentId, { root: C; replies: C[] }>();
  for (const c of ordered) if (c.parentId === undefined) result.set(c.id, { root: c, replies: [] });
  for (const c of ordered) {
    if (c.parentId !== undefined) result.get(c.parentId)?.replies.push(c);
  }
  return [...result.values()];
}

/** Cell id -> number of source lines, for one revision (to check anchors against). */
export type CellLines = ReadonlyMap<string, number>;

/** Lines of a cell source as an editor counts them ("a\n" is two lines, "" is one). */
export function countLines(source: string | readonly string[]): number {
  const text = typeof source === 'string' ? source : source.join('');
  return text.split('\n').length;
}

/**
 * Checks a new comment against the request and builds it with its audit event. A reply takes
 * its root's anchor, so a thread never straddles cells. With `cells` (the anchor revision's
 * cells), a root must name a cell of that revision and lines inside it.
 */
export function prepareComment(
  request: PromotionRequest,
  existing: readonly Comment[],
  input: CommentInput,
  actor: Actor,
  now: Date | string,
  cells?: CellLines
): { comment: NewComment; event: AuditEvent } {
  assertLegal(request.state, 'comment');
  const body = input.body.trim();
  if (!isWritten(body)) throw new InputError('A comment needs some text.', { field: 'body' });

  let anchor: Pick<Comment, 'revision' | 'cellId' | 'lines'>;
  if (input.parentId !== undefined) {
    const parent = existing.find(c => c.id === input.parentId);
    if (!parent) {
      // The request exists; what the body points at does not: bad input, not a missing page.
      throw new InputError(`parentId ${input.parentId} is not a comment on this request.`, {
        field: 'parentId'
      });
    }
    const root =
      parent.parentId === undefined ? parent : existing.find(c => c.id === parent.parentId);
    anchor = { revision: (root ?? parent).revision, cellId: (root ?? parent).cellId };
    if ((root ?? parent).lines) anchor.lines = (root ?? parent).lines;
    input = { ...input, parentId: (root ?? parent).id };
  } else {
    anchor = checkAnchor(request, input, cells);
  }

  const at = toIso(now);
  const comment: NewComment = {
    ...anchor,
    author: actor.id,
    body,
    resolved: false,
    outdated: false,
    createdAt: at
  };
  if (input.parentId !== undefined) comment.parentId = input.parentId;
  const event: AuditEvent = {
    requestId: request.id,
    actor: actor.id,
    action: 'comment',
    at,
    fromState: request.state,
    toState: request.state,
    outcome: 'applied',
    details: { revision: anchor.revision, cellId: anchor.cellId, parentId: input.parentId ?? null }
  };
  return { comment, event };
}

/** Resolves or reopens a thread (set on its root); anyone in the discussion may. */
export function setResolved<C extends Comment>(
  request: PromotionRequest,
  root: C,
  resolved: boolean,
  actor: Actor,
  now: Date | string
): { comment: C; event: AuditEvent } {
  assertLegal(request.state, 'resolve_comment');
  if (root.parentId !== undefined) {
    throw new ConflictError('Only a thread (its first comment) can be resolved.', {
      commentId: root.id
    });
  }
  const at = toIso(now);
  return {
    comment: { ...root, resolved },
    event: {
      requestId: request.id,
      actor: actor.id,
      action: 'resolve_comment',
      at,
      fromState: request.state,
      toState: request.state,
      outcome: 'applied',
      details: { commentId: root.id, resolved }
    }
  };
}

function checkAnchor(
  request: PromotionRequest,
  input: CommentInput,
  cells: CellLines | undefined
): Pick<Comment, 'revision' | 'cellId' | 'lines'> {
  if (!request.revisions.some(r => r.number === input.revision)) {
    throw new InputError(`Revision ${input.revision} does not exist on this request.`, {
      field: 'revision'
    });
  }
  if (typeof input.cellId !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(input.cellId)) {
    // nbformat 4.5 cell ids: 1-64 characters of letters, digits, '-' and '_'.
    throw new InputError('cellId must be a notebook cell id.', { field: 'cellId' });
  }
  const anchor: Pick<Comment, 'revision' | 'cellId' | 'lines'> = {
    revision: input.revision,
    cellId: input.cellId
  };
  const lineCount = cells?.get(input.cellId);
  if (cells && lineCount === undefined) {
    throw new InputError(`Cell ${input.cellId} is not in revision ${input.revision}.`, {
      field: 'cellId',
      cellId: input.cellId,
      revision: input.revision
    });
  }
  if (input.lines !== undefined) {
    const { start, end } = input.lines;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start) {
      throw new InputError('lines must be 1-based with start <= end.', { field: 'lines' });
    }
    if (lineCount !== undefined && end > lineCount) {
      throw new InputError(
        `Lines ${start}-${end} are past the end of cell ${input.cellId}, which has ${lineCount} line${lineCount === 1 ? '' : 's'} in revision ${input.revision}.`,
        { field: 'lineEnd', cellId: input.cellId, lines: lineCount }
      );
    }
    anchor.lines = { start, end };
  }
  return anchor;
}
