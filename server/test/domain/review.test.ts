import {
  callerPermissions,
  countLines,
  hashCellSource,
  lastReviewedRevision,
  marksToClear,
  outdatedIn,
  unchangedBetween,
  viewedIn,
  type CellHashes,
  type ViewedMark
} from '../../src/domain';
import { NOW, admin, author, passed, request, reviewer, stranger } from './fixtures';

function hashes(cells: Record<string, string>): CellHashes {
  return new Map(Object.entries(cells).map(([id, source]) => [id, hashCellSource(source)]));
}

const byRevision = new Map([
  [1, hashes({ a: 'x = 1', b: 'train()' })],
  [2, hashes({ a: 'x = 1', b: 'train(epochs=3)', c: 'plot()' })],
  [3, hashes({ a: 'x = 1', b: 'train()', c: 'plot()' })],
  [4, hashes({ b: 'train()', c: 'plot()' })]
]);

describe('callerPermissions', () => {
  it("answers with the state machine's refusals", () => {
    const open = request('open');
    const mine = callerPermissions(open, author, '1.0.0', NOW);
    expect(mine.approve).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: 'Nobody may approve their own request.'
    });
    expect(mine.revise).toEqual({ allowed: true });
    expect(mine.resolve_comment).toEqual({ allowed: true });
    expect(callerPermissions(open, stranger, '1.0.0', NOW).withdraw.allowed).toBe(false);
    expect(callerPermissions(open, admin, '1.0.0', NOW).withdraw.allowed).toBe(true);
    const reviewers = callerPermissions(open, reviewer, '1.0.0', NOW);
    expect(reviewers.approve.allowed).toBe(true);
    expect(reviewers.promote).toMatchObject({ allowed: false, code: 'conflict' });
    const approved = callerPermissions(request('approved'), author, '1.0.0', NOW);
    expect(approved.promote).toEqual({ allowed: true });
    const done = callerPermissions(request('withdrawn'), reviewer, '1.0.0', NOW);
    expect(Object.values(done).every(p => !p.allowed)).toBe(true);
    expect(done.comment.reason).toBe(
      'Cannot comment: the request is withdrawn and can no longer change.'
    );
    // The reason names the state in words, as people read it beside a disabled button.
    const asked = callerPermissions(request('changes_requested'), author, '1.0.0', NOW);
    expect(asked.promote.reason).toBe(
      'Cannot promote: it is not allowed while the request is waiting for requested changes.'
    );
  });

  it("finds a user's last reviewed revision, dismissed or not", () => {
    const r = request('open', {
      reviews: [
        { reviewer: 'bob', verdict: 'approve', revision: 2, at: NOW, dismissed: true },
        { reviewer: 'bob', verdict: 'comment', revision: 1, at: NOW },
        { reviewer: 'cid', verdict: 'request_changes', revision: 3, at: NOW }
      ],
      revisions: [1, 2, 3].map(number => ({
        number,
        notebookSha256: '',
        commitSha: '',
        validation: passed,
        createdAt: NOW
      }))
    });
    expect(lastReviewedRevision(r, 'bob')).toBe(2);
    expect(lastReviewedRevision(r, 'cid')).toBe(3);
    expect(lastReviewedRevision(r, 'ann')).toBeNull();
  });
});

describe('outdated comments', () => {
  it('names the first later revision in which the cell changed or went away', () => {
    expect(outdatedIn({ revision: 1, cellId: 'a' }, byRevision)).toBe(4);
    expect(outdatedIn({ revision: 1, cellId: 'b' }, byRevision)).toBe(2);
    expect(outdatedIn({ revision: 3, cellId: 'b' }, byRevision)).toBeNull();
    expect(outdatedIn({ revision: 2, cellId: 'zz' }, byRevision)).toBeNull();
  });

  it('counts lines as an editor does', () => {
    expect(countLines('')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
    expect(countLines(['a\n', 'b\n'])).toBe(3);
  });
});

describe('viewed marks', () => {
  const mark = (cellId: string, revision: number): ViewedMark => ({
    cellId,
    revision,
    markedAt: NOW
  });

  it('count only while the cell is the same in every revision in between', () => {
    expect(unchangedBetween('a', 1, 3, byRevision)).toBe(true);
    expect(unchangedBetween('a', 3, 1, byRevision)).toBe(true);
    // Changed in 2 and back in 3: still a change since it was viewed.
    expect(unchangedBetween('b', 1, 3, byRevision)).toBe(false);
    expect(unchangedBetween('a', 3, 4, byRevision)).toBe(false);
    expect(unchangedBetween('c', 1, 1, byRevision)).toBe(false);
    const marks = [mark('a', 1), mark('b', 1), mark('b', 3), mark('c', 2)];
    expect(viewedIn(marks, 3, byRevision).map(m => [m.cellId, m.revision])).toEqual([
      ['a', 1],
      ['b', 3],
      ['c', 2]
    ]);
    expect(viewedIn(marks, 2, byRevision).map(m => m.cellId)).toEqual(['a', 'c']);
    expect(viewedIn(marks, 4, byRevision).map(m => m.cellId)).toEqual(['b', 'c']);
  });

  it('clears exactly the marks that make a cell viewed in a revision', () => {
    const marks = [mark('b', 1), mark('b', 3), mark('b', 4), mark('a', 1)];
    expect(marksToClear(marks, 'b', 4, byRevision)).toEqual([mark('b', 3), mark('b', 4)]);
    expect(marksToClear(marks, 'b', 1, byRevision)).toEqual([mark('b', 1)]);
  });
});
