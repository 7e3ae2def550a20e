import {
  type CommentLike,
  groupThreads,
  linesLabel,
  nextUnresolved,
  placeThreads,
  threadsByCell,
  unresolvedCount
} from '../review/threads';
import { cell, notebookDiff } from './reviewFixtures';

let nextId = 1;
function comment(extra: Partial<CommentLike>): CommentLike {
  const id = nextId++;
  return {
    id,
    revision: 1,
    cellId: 'train',
    author: 'linus',
    body: `comment ${id}`,
    resolved: false,
    outdated: false,
    createdAt: `2026-01-01T00:00:${String(id).padStart(2, '0')}Z`,
    ...extra
  };
}

const diff = notebookDiff([
  cell('unchanged', 'load'),
  cell('modified', 'train'),
  cell('removed', 'old')
]);

describe('review threads', () => {
  it('groups replies under their root in time order', () => {
    const root = comment({});
    const other = comment({ cellId: 'load' });
    const reply2 = comment({ parentId: root.id, createdAt: '2026-01-02T00:00:00Z' });
    const reply1 = comment({ parentId: root.id, createdAt: '2026-01-01T12:00:00Z' });
    const threads = groupThreads([reply2, other, reply1, root]);
    expect(threads.map(t => t.root.id)).toEqual([root.id, other.id]);
    expect(threads[0].replies.map(r => r.id)).toEqual([reply1.id, reply2.id]);
  });

  it('keeps a reply whose root is gone as a thread of its own rather than dropping it', () => {
    const orphan = comment({ parentId: 999 });
    expect(groupThreads([orphan]).map(t => t.root.id)).toEqual([orphan.id]);
  });

  it('anchors a current line comment on the head side of the revision it was written on', () => {
    const c = comment({ revision: 2, lineStart: 2, lineEnd: 3 });
    const [p] = placeThreads(groupThreads([c]), diff, { base: 1, head: 2 });
    expect(p.cellKey).toBe('cell:train');
    expect(p.anchor).toEqual({ side: 'head', start: 2, end: 3 });
    expect(p.outdated).toBe(false);
  });

  it('anchors a comment written on the base revision on the base side', () => {
    const c = comment({ revision: 1, lineStart: 4 });
    const [p] = placeThreads(groupThreads([c]), diff, { base: 1, head: 2 });
    expect(p.anchor).toEqual({ side: 'base', start: 4, end: 4 });
  });

  it('marks a thread outdated after its cell changed, with no line anchor, beside its cell', () => {
    const c = comment({ revision: 1, lineStart: 2, outdated: true });
    const [p] = placeThreads(groupThreads([c]), diff, { head: 2 });
    expect(p.outdated).toBe(true);
    expect(p.anchor).toBeNull();
    expect(p.cellKey).toBe('cell:train');
    expect(p.thread.root.revision).toBe(1);
    expect(linesLabel(p.thread.root.lineStart, p.thread.root.lineEnd)).toBe('line 2');
  });

  it('shows a thread as current again when reading the revision it was written on', () => {
    const c = comment({ revision: 1, lineStart: 2, outdated: true });
    const [p] = placeThreads(groupThreads([c]), diff, { head: 1 });
    expect(p.outdated).toBe(false);
    expect(p.anchor).toEqual({ side: 'head', start: 2, end: 2 });
  });

  it('puts threads on a removed cell beside it, and those on cells not shown apart', () => {
    const onRemoved = comment({ cellId: 'old' });
    const elsewhere = comment({ cellId: 'not-here' });
    const placed = placeThreads(groupThreads([onRemoved, elsewhere]), diff, { base: 1, head: 2 });
    const byCell = threadsByCell(placed);
    expect(byCell.get('base:old')?.map(p => p.thread.root.id)).toEqual([onRemoved.id]);
    expect(byCell.get(null)?.map(p => p.thread.root.id)).toEqual([elsewhere.id]);
  });

  it('counts unresolved threads and cycles through them in cell order', () => {
    const a = comment({ cellId: 'train' });
    const b = comment({ cellId: 'load' });
    const done = comment({ cellId: 'load', resolved: true });
    const placed = placeThreads(groupThreads([a, b, done]), diff, { head: 2 });
    expect(unresolvedCount(placed)).toBe(2);
    const order = ['cell:load', 'cell:train', 'base:old'];
    expect(nextUnresolved(placed, order, null)?.thread.root.id).toBe(b.id);
    expect(nextUnresolved(placed, order, b.id)?.thread.root.id).toBe(a.id);
    expect(nextUnresolved(placed, order, a.id)?.thread.root.id).toBe(b.id);
    expect(
      nextUnresolved(placeThreads(groupThreads([done]), diff, { head: 2 }), order, null)
    ).toBeNull();
  });

  it('labels line ranges as people count them', () => {
    expect(linesLabel()).toBe('whole cell');
    expect(linesLabel(2, 4)).toBe('lines 2–4');
  });
});
