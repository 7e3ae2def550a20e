import { buildRows, cellKey, hasChanges, keyOfCellId, rowOfCell, stepLabel } from '../review/rows';
import { stepChange } from '../review/navigation';
import { cell, notebookDiff } from './reviewFixtures';

const unchanged = (n: number, prefix = 'u') =>
  Array.from({ length: n }, (_, i) => cell('unchanged', `${prefix}${i}`));

describe('review rows', () => {
  it('folds each run of unchanged cells between changes into one row', () => {
    const diff = notebookDiff([
      ...unchanged(12, 'a'),
      cell('modified', 'train'),
      ...unchanged(3, 'b'),
      cell('added', 'eval')
    ]);
    const rows = buildRows(diff);
    expect(rows.map(r => (r.kind === 'fold' ? `fold(${r.cells.length})` : r.key))).toEqual([
      'fold(12)',
      'cell:train',
      'fold(3)',
      'cell:eval'
    ]);
  });

  it('opens a fold the reader expanded, and keeps its key stable', () => {
    const diff = notebookDiff([...unchanged(4), cell('modified', 'x')]);
    const [fold] = buildRows(diff);
    expect(fold.kind).toBe('fold');
    const rows = buildRows(diff, { expanded: new Set([fold.key]) });
    expect(rows.map(r => r.key)).toEqual(['cell:u0', 'cell:u1', 'cell:u2', 'cell:u3', 'cell:x']);
    expect(rows.slice(0, 4).every(r => r.kind === 'cell' && !r.changed)).toBe(true);
    expect(buildRows(diff)[0].key).toBe(fold.key);
  });

  it('folds even a lone unchanged cell, unless asked to show short runs as they are', () => {
    const diff = notebookDiff([cell('modified', 'a'), cell('unchanged', 'b'), cell('added', 'c')]);
    expect(buildRows(diff).map(r => r.kind)).toEqual(['cell', 'fold', 'cell']);
    expect(buildRows(diff, { minFold: 2 }).map(r => r.kind)).toEqual(['cell', 'cell', 'cell']);
  });

  it('splits a fold around a pinned cell (one with a thread)', () => {
    const diff = notebookDiff(unchanged(5));
    const rows = buildRows(diff, { pinned: new Set(['cell:u2']) });
    expect(rows.map(r => (r.kind === 'fold' ? `fold(${r.cells.length})` : r.key))).toEqual([
      'fold(2)',
      'cell:u2',
      'fold(2)'
    ]);
    expect(rowOfCell(rows, 'cell:u4')?.kind).toBe('fold');
  });

  it('counts output, metadata and tag changes of an unchanged source as changes', () => {
    const base = cell('unchanged', 'x');
    expect(hasChanges(base)).toBe(false);
    expect(
      hasChanges({ ...base, outputs: [{ op: 'modified', outputType: 'stream', baseIndex: 0 }] })
    ).toBe(true);
    expect(hasChanges({ ...base, metadata: [{ path: ['a'], op: 'added', head: 1 }] })).toBe(true);
    expect(hasChanges({ ...base, tags: { added: ['step:train'], removed: [] } })).toBe(true);
    expect(hasChanges({ ...base, tags: { added: [], removed: [] } })).toBe(false);
  });

  it('keys removed cells by their base id and id-less cells by position', () => {
    expect(cellKey(cell('removed', 'gone'), 3)).toBe('base:gone');
    expect(cellKey({ ...cell('added', 'x'), headId: undefined }, 7)).toBe('pos:7');
    const diff = notebookDiff([cell('removed', 'a'), cell('added', 'a')]);
    // A cell id that exists on both sides (removed there, added here) finds the head cell.
    expect(keyOfCellId(diff, 'a')).toBe('cell:a');
    expect(keyOfCellId(notebookDiff([cell('removed', 'z')]), 'z')).toBe('base:z');
    expect(keyOfCellId(diff, 'missing')).toBeUndefined();
  });

  it('names a cell step, and its move from one step to another', () => {
    expect(stepLabel(cell('modified', 'a', { baseStep: 'train', headStep: 'train' }))).toBe(
      'train'
    );
    expect(stepLabel(cell('modified', 'a', { baseStep: 'prep', headStep: 'train' }))).toBe(
      'prep → train'
    );
    expect(stepLabel(cell('removed', 'a', { baseStep: 'prep' }))).toBe('prep');
    expect(stepLabel(cell('added', 'a'))).toBeNull();
  });
});

describe('next / previous change', () => {
  const diff = notebookDiff([
    ...unchanged(3, 'a'),
    cell('modified', 'one'),
    ...unchanged(3, 'b'),
    cell('added', 'two'),
    cell('removed', 'three')
  ]);
  const rows = buildRows(diff);

  it('walks the changed cells in order and stops at either end', () => {
    expect(stepChange(rows, null, 1)).toBe('cell:one');
    expect(stepChange(rows, 'cell:one', 1)).toBe('cell:two');
    expect(stepChange(rows, 'cell:two', 1)).toBe('base:three');
    expect(stepChange(rows, 'base:three', 1)).toBeNull();
    expect(stepChange(rows, 'base:three', -1)).toBe('cell:two');
    expect(stepChange(rows, 'cell:one', -1)).toBeNull();
  });

  it('goes from an unchanged cell in an open fold to the nearest change that way', () => {
    const open = buildRows(diff, {
      expanded: new Set(rows.filter(r => r.kind === 'fold').map(r => r.key))
    });
    expect(stepChange(open, 'cell:b1', 1)).toBe('cell:two');
    expect(stepChange(open, 'cell:b1', -1)).toBe('cell:one');
    expect(stepChange(open, 'cell:a0', -1)).toBeNull();
  });

  it('has nowhere to go in an identical pair', () => {
    expect(stepChange(buildRows(notebookDiff(unchanged(4))), null, 1)).toBeNull();
  });
});
