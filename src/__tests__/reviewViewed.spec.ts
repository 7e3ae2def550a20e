import { markableId, viewedIds, viewedProgress, withMark } from '../review/viewed';
import { cell, notebookDiff } from './reviewFixtures';

const mark = (cellId: string, revision = 2) => ({ cellId, revision, markedAt: 'x' });

describe('viewed marks', () => {
  const diff = notebookDiff([
    cell('unchanged', 'load'),
    cell('modified', 'train'),
    cell('added', 'score'),
    cell('removed', 'plot')
  ]);

  it('counts the changed cells of the head, not unchanged or removed ones', () => {
    expect(viewedProgress(diff, new Set())).toEqual({ viewed: 0, total: 2 });
    expect(viewedProgress(diff, viewedIds({ revision: 2, cells: [mark('train')] }))).toEqual({
      viewed: 1,
      total: 2
    });
  });

  it('ignores a mark on an unchanged cell in the count', () => {
    const ids = viewedIds({ revision: 2, cells: [mark('load'), mark('score')] });
    expect(viewedProgress(diff, ids)).toEqual({ viewed: 1, total: 2 });
  });

  it('counts an unchanged cell whose outputs changed', () => {
    const withOutputs = notebookDiff([
      cell('unchanged', 'load', {
        outputs: [{ op: 'modified', outputType: 'stream', baseIndex: 0 }]
      })
    ]);
    expect(viewedProgress(withOutputs, new Set(['load']))).toEqual({ viewed: 1, total: 1 });
  });

  it('marks a cell by its head id; a removed cell has none', () => {
    expect(markableId(cell('modified', 'train'))).toBe('train');
    expect(markableId(cell('removed', 'plot'))).toBeNull();
    expect(markableId(cell('added', 'x', { headId: undefined }))).toBeNull();
    expect(viewedIds(null).size).toBe(0);
  });

  it('adds or clears one mark, leaving the others', () => {
    const marks = { revision: 2, cells: [mark('train')] };
    const added = withMark(marks, 'score', true);
    expect([...viewedIds(added)].sort()).toEqual(['score', 'train']);
    expect(added.cells.find(c => c.cellId === 'score')?.revision).toBe(2);
    expect([...viewedIds(withMark(added, 'train', false))]).toEqual(['score']);
    expect(marks.cells).toHaveLength(1);
  });
});
