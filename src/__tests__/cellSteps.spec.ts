import {
  blueprintStepAbove,
  cellMarkers,
  type ICellInfo,
  notebookSteps,
  stepColor
} from '../tagging/cellSteps';

function code(id: string, ...tags: string[]): ICellInfo {
  return { id, type: 'code', tags };
}
const md = (id: string): ICellInfo => ({ id, type: 'markdown', tags: [] });

describe('cellMarkers', () => {
  it('marks step cells and, subtly, the untagged cells that inherit their step', () => {
    const markers = cellMarkers([
      code('a'),
      code('b', 'step:extract'),
      md('c'),
      code('d'),
      code('e', 'skip'),
      code('f'),
      code('g', 'step:clean'),
      code('h', 'imports')
    ]);
    expect(
      markers.map(m => (m.kind === 'step' ? `${m.step}${m.starts ? '!' : ''}` : m.kind))
    ).toEqual([
      'none',
      'extract!',
      'none',
      'extract',
      'skip',
      // An untagged cell after a skipped one stays in the step above, as in Kale.
      'extract',
      'clean!',
      'imports'
    ]);
  });
});

describe('stepColor', () => {
  it('gives blueprint steps fixed colours and other names a stable one', () => {
    expect(stepColor('extract')).toBe(0);
    expect(stepColor('evaluate')).toBe(4);
    expect(stepColor('clean')).toBe(stepColor('clean'));
    expect(stepColor('clean')).toBeGreaterThanOrEqual(5);
    expect(stepColor('clean')).toBeLessThan(10);
  });
});

describe('notebookSteps', () => {
  it('lists step names once, in order of first appearance', () => {
    expect(
      notebookSteps([code('a', 'step:train'), code('b', 'block:clean'), code('c', 'step:train')])
    ).toEqual(['train', 'clean']);
  });
});

describe('blueprintStepAbove', () => {
  it('finds the last blueprint step in force above a cell, skipping custom steps', () => {
    const cells = [code('a', 'step:extract'), code('b', 'step:clean'), code('c'), code('d')];
    expect(blueprintStepAbove(cells, 3)).toBe('extract');
    expect(blueprintStepAbove(cells, 0)).toBeUndefined();
  });
});
