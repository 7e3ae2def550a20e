import type { NotebookDiff } from '../client/reviewDiff';
import type { Comment } from '../client/types';
import { keyOfCellId } from './rows';

/**
 * Comment threads placed on the diff being read: beside the cell they were written on, on the
 * side and lines they name when the revision shown is the one they were written on, and
 * marked outdated (with their original revision and lines) when their cell changed since.
 */

/** What the panel reads of a service comment (lines 1-based, inclusive). */
export type CommentLike = Omit<Comment, 'outdatedIn'>;

export interface Thread<C extends CommentLike = CommentLike> {
  root: C;
  replies: C[];
}

/** Where a thread shows in the pair being read. */
export interface ThreadPlacement<C extends CommentLike = CommentLike> {
  thread: Thread<C>;
  /** The row key of its cell; null when the cell is in neither side shown. */
  cellKey: string | null;
  /**
   * The side and lines to mark in the editor: set only when the thread was written on the
   * revision shown on that side and its cell has not changed since, so the lines still hold.
   */
  anchor: { side: 'base' | 'head'; start: number; end: number } | null;
  /** Its cell changed after it was written (relative to the head shown). */
  outdated: boolean;
  resolved: boolean;
}

/** Roots with their replies, oldest first; a reply whose root is missing stands alone. */
export function groupThreads<C extends CommentLike>(comments: readonly C[]): Thread<C>[] {
  const ordered = [...comments].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id
  );
  const roots = new Map<number, Thread<C>>();
  for (const c of ordered) {
    if (c.parentId === undefined) {
      roots.set(c.id, { root: c, replies: [] });
    }
  }
  for (const c of ordered) {
    if (c.parentId === undefined) {
      continue;
    }
    const thread = roots.get(c.parentId);
    if (thread) {
      thread.replies.push(c);
    } else {
      roots.set(c.id, { root: c, replies: [] });
    }
  }
  return [...roots.values()].sort(
    (a, b) => a.root.createdAt.localeCompare(b.root.createdAt) || a.root.id - b.root.id
  );
}

/** The revisions of the pair being read (undefined for production, which is no revision). */
export interface PairRevisions {
  base?: number;
  head?: number;
}

/**
 * Place every thread on the diff. The service's `outdated` says the cell changed in some later
 * revision; reading an older head, a thread written on that head is current again.
 */
export function placeThreads<C extends CommentLike>(
  threads: readonly Thread<C>[],
  diff: NotebookDiff,
  pair: PairRevisions
): ThreadPlacement<C>[] {
  return threads.map(thread => {
    const { root } = thread;
    const key = keyOfCellId(diff, root.cellId) ?? null;
    const outdated = root.outdated && (pair.head === undefined || root.revision < pair.head);
    let anchor: ThreadPlacement['anchor'] = null;
    if (key !== null && root.lineStart !== undefined && !outdated) {
      const end = root.lineEnd ?? root.lineStart;
      if (root.revision === pair.head) {
        anchor = { side: 'head', start: root.lineStart, end };
      } else if (root.revision === pair.base) {
        anchor = { side: 'base', start: root.lineStart, end };
      } else if (!root.outdated) {
        // Written on another revision but the cell has not changed since: its lines hold.
        anchor = { side: 'head', start: root.lineStart, end };
      }
    }
    return { thread, cellKey: key, anchor, outdated, resolved: root.resolved };
  });
}

/** Placements grouped by cell key; threads whose cell is not shown go under null. */
export function threadsByCell<C extends CommentLike>(
  placements: readonly ThreadPlacement<C>[]
): Map<string | null, ThreadPlacement<C>[]> {
  const map = new Map<string | null, ThreadPlacement<C>[]>();
  for (const p of placements) {
    const list = map.get(p.cellKey) ?? [];
    list.push(p);
    map.set(p.cellKey, list);
  }
  return map;
}

/** How many threads are still open. */
export function unresolvedCount(placements: readonly ThreadPlacement[]): number {
  return placements.filter(p => !p.resolved).length;
}

/**
 * The next unresolved thread after `currentId` in the order the panel shows them (by cell
 * position, then age), wrapping round: the header's "next thread" cycles through open ones.
 */
export function nextUnresolved<C extends CommentLike>(
  placements: readonly ThreadPlacement<C>[],
  cellOrder: readonly string[],
  currentId: number | null
): ThreadPlacement<C> | null {
  const rank = (p: ThreadPlacement<C>) => (p.cellKey === null ? -1 : cellOrder.indexOf(p.cellKey));
  const open = placements
    .filter(p => !p.resolved)
    .sort((a, b) => rank(a) - rank(b) || a.thread.root.id - b.thread.root.id);
  if (open.length === 0) {
    return null;
  }
  const at = open.findIndex(p => p.thread.root.id === currentId);
  return open[(at + 1) % open.length];
}

/** "line 2", "lines 2–4" (1-based, as people count). */
export function linesLabel(start?: number, end?: number): string {
  if (start === undefined) {
    return 'whole cell';
  }
  return end === undefined || end === start ? `line ${start}` : `lines ${start}–${end}`;
}
