import {
  hashCellSource,
  isOutdated,
  markOutdated,
  prepareComment,
  setResolved,
  threads,
  type CellHashes,
  type Comment
} from '../../src/domain';
import { ConflictError, InputError } from '../../src/errors';
import { NOW, passed, request, reviewer, stranger } from './fixtures';

function hashes(cells: Record<string, string>): CellHashes {
  return new Map(Object.entries(cells).map(([id, source]) => [id, hashCellSource(source)]));
}

const byRevision = new Map([
  [1, hashes({ a: 'x = 1', b: 'train()', c: 'plot()' })],
  [2, hashes({ a: 'x = 1', b: 'train(epochs=3)', c: 'plot()' })],
  [3, hashes({ a: 'x = 1', b: 'train(epochs=3)' })]
]);

function comment(id: number, extra: Partial<Comment>): Comment {
  return {
    id,
    revision: 1,
    cellId: 'a',
    author: 'bob',
    body: 'hm',
    resolved: false,
    outdated: false,
    createdAt: `2025-01-0${id}T00:00:00Z`,
    ...extra
  };
}

describe('outdated comments', () => {
  it('hashes list and string sources alike', () => {
    expect(hashCellSource(['a\n', 'b'])).toBe(hashCellSource('a\nb'));
  });

  it('is outdated once the cell changed or vanished in a later revision', () => {
    expect(isOutdated({ revision: 1, cellId: 'a' }, byRevision)).toBe(false);
    expect(isOutdated({ revision: 1, cellId: 'b' }, byRevision)).toBe(true);
    expect(isOutdated({ revision: 2, cellId: 'b' }, byRevision)).toBe(false);
    expect(isOutdated({ revision: 2, cellId: 'c' }, byRevision)).toBe(true); // removed in 3
    expect(isOutdated({ revision: 3, cellId: 'b' }, byRevision)).toBe(false);
    expect(isOutdated({ revision: 9, cellId: 'a' }, byRevision)).toBe(false); // unknown: not guessed
  });

  it('marks replies with their thread root’s status', () => {
    const marked = markOutdated(
      [
        comment(1, { cellId: 'b' }),
        comment(2, { parentId: 1, revision: 3, cellId: 'b' }),
        comment(3, { cellId: 'a' })
      ],
      byRevision
    );
    expect(marked.map(c => c.outdated)).toEqual([true, true, false]);
  });

  it('groups threads in order', () => {
    const t = threads([comment(3, { parentId: 1 }), comment(1, {}), comment(2, {})]);
    expect(t.map(x => [x.root.id, x.replies.map(r => r.id)])).toEqual([
      [1, [3]],
      [2, []]
    ]);
  });
});

describe('prepareComment', () => {
  const r = request('open', {
    revisions: [
      { number: 1, notebookSha256: '', commitSha: '', validation: passed, createdAt: NOW },
      { number: 2, notebookSha256: '', commitSha: '', validation: passed, createdAt: NOW }
    ]
  });

  it('anchors a comment and records an audit event', () => {
    const { comment: c, event } = prepareComment(
      r,
      [],
      { revision: 2, cellId: 'cell-1', lines: { start: 2, end: 4 }, body: ' why? ' },
      stranger,
      NOW
    );
    expect(c).toEqual({
      revision: 2,
      cellId: 'cell-1',
      lines: { start: 2, end: 4 },
      author: 'sam',
      body: 'why?',
      resolved: false,
      outdated: false,
      createdAt: NOW
    });
    expect(event).toMatchObject({
      action: 'comment',
      fromState: 'open',
      toState: 'open',
      outcome: 'applied'
    });
  });

  it('threads a reply under the root with the root’s anchor', () => {
    const root = comment(1, { revision: 1, cellId: 'a', lines: { start: 1, end: 1 } });
    const reply = comment(2, { parentId: 1 });
    const { comment: c } = prepareComment(
      r,
      [root, reply],
      { revision: 2, cellId: 'zzz', parentId: 2, body: 'ok' },
      reviewer,
      NOW
    );
    expect(c).toMatchObject({ parentId: 1, revision: 1, cellId: 'a', lines: { start: 1, end: 1 } });
  });

  it('refuses bad anchors, missing parents, empty bodies and closed requests', () => {
    const ok = { revision: 1, cellId: 'a', body: 'x' };
    expect(() => prepareComment(r, [], { ...ok, revision: 3 }, reviewer, NOW)).toThrow(InputError);
    expect(() => prepareComment(r, [], { ...ok, cellId: '../x' }, reviewer, NOW)).toThrow(
      InputError
    );
    expect(() =>
      prepareComment(r, [], { ...ok, lines: { start: 3, end: 2 } }, reviewer, NOW)
    ).toThrow(InputError);
    expect(() =>
      prepareComment(r, [], { ...ok, lines: { start: 0, end: 2 } }, reviewer, NOW)
    ).toThrow(InputError);
    expect(() => prepareComment(r, [], { ...ok, body: '  ' }, reviewer, NOW)).toThrow(InputError);
    expect(() => prepareComment(r, [], { ...ok, parentId: 5 }, reviewer, NOW)).toThrow(
      /parentId 5 is not a comment/
    );
    expect(() => prepareComment(request('promoted'), [], ok, reviewer, NOW)).toThrow(ConflictError);
  });

  it('resolves and reopens threads on their root only', () => {
    const root = comment(1, {});
    expect(setResolved(r, root, true, stranger, NOW).comment.resolved).toBe(true);
    expect(setResolved(r, { ...root, resolved: true }, false, stranger, NOW).event.details).toEqual(
      { commentId: 1, resolved: false }
    );
    expect(() => setResolved(r, comment(2, { parentId: 1 }), true, stranger, NOW)).toThrow(
      ConflictError
    );
  });
});
