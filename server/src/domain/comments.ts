/**
 * Review comments: anchored to (revision, cell id, optional line range), threaded by `parentId`,
 * resolvable, and outdated once their cell changed in a later revision.
 */
import { sha256Hex } from './sha256';
import { ConflictError, InputError } from '../errors';
import { assertLegal, toIso } from './transition';
import type { Actor, AuditEvent, PromotionRequest } from './types';

export type CommentId = number | string;

/** 1-based, inclusive lines of the cell source. */
export interface LineRange {
  start: number;
  end: number;
}

export interface Comment {
  id: CommentId;
  revision: number;
  cellId: string;
  lines?: LineRange;
  /** The thread's root comment; absent on a root. */
  parentId?: CommentId;
  author: string;
  body: string;
  resolved: boolean;
  outdated: boolean;
  createdAt: string;
}

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
  const original = hashesByRevision.get(anchor.revision)?.get(anchor.cellId);
  if (original === undefined) return false;
  for (const [revision, hashes] of hashesByRevision) {
    if (revision > anchor.revision && hashes.get(anchor.cellId) !== original) return true;
  }
  return false;
}

/** Recomputes `outdated` for every comment; a reply shares its thread root's anchor. */
export function markOutdated<C extends Comment>(
  comments: readonly C[],
  hashesByRevision: ReadonlyMap<number, CellHashes>
): C[] {
  const byId = new Map(comments.map(c => [c.id, c]));
  return comments.map(c => {
    const root = c.parentId !== undefined ? (byId.get(c.parentId) ?? c) : c;
    return { ...c, outdated: isOutdated(root, hashesByRevision) };
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

/**
 * Checks a new comment against the request and builds it with its audit event. A reply takes
 * its root's anchor, so a thread never straddles cells.
 */
export function prepareComment(
  request: PromotionRequest,
  existing: readonly Comment[],
  input: CommentInput,
  actor: Actor,
  now: Date | string
): { comment: NewComment; event: AuditEvent } {
  assertLegal(request.state, 'comment');
  const body = input.body.trim();
  if (body === '') throw new InputError('A comment needs some text.', { field: 'body' });

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
    anchor = checkAnchor(request, input);
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
  input: CommentInput
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
  if (input.lines !== undefined) {
    const { start, end } = input.lines;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start) {
      throw new InputError('lines must be 1-based with start <= end.', { field: 'lines' });
    }
    anchor.lines = { start, end };
  }
  return anchor;
}
