import type { PipelineDiff } from '../client/reviewDiff';
import {
  baseOptions,
  clampPair,
  defaultBase,
  headOptions,
  pairQuery,
  parseBase
} from '../review/pair';
import { summarizePipeline } from '../review/pipelineSummary';

const identical: PipelineDiff = {
  identical: true,
  steps: [],
  edges: { added: [], removed: [] },
  parameters: [],
  metrics: { added: [], removed: [] },
  requirements: [],
  settings: [],
  files: [],
  outputsOnly: false
};

describe('pipeline summary', () => {
  it('says nothing for an identical pipeline', () => {
    expect(summarizePipeline(identical)).toEqual([]);
  });

  it('lists step changes first, linked to the cells that changed', () => {
    const items = summarizePipeline({
      ...identical,
      identical: false,
      steps: [
        {
          name: 'train',
          op: 'changed',
          baseCells: ['t1', 't2'],
          headCells: ['t1', 't2'],
          changedCells: ['t2'],
          inputs: { added: ['features'], removed: [] }
        },
        { name: 'old', op: 'removed', baseCells: ['o1'], headCells: [], changedCells: [] }
      ],
      edges: { added: [{ from: 'prep', to: 'train' }], removed: [] },
      parameters: [
        {
          name: 'lr',
          op: 'changed',
          base: { type: 'float', default: 0.1 },
          head: { type: 'float', default: 0.01 }
        }
      ],
      environmentParameters: [
        { environment: 'prod', name: 'data_path', op: 'changed', base: 'a.csv', head: 'b.csv' },
        { environment: 'stage', name: 'lr', op: 'added', head: 0.05 }
      ],
      requirements: [{ name: 'numpy', op: 'changed', base: 'numpy==1.26', head: 'numpy==2.0' }],
      schedule: { base: null, head: '0 3 * * *' }
    });
    expect(items.map(i => i.text)).toEqual([
      'Step train 1 cell changed: inputs +features',
      'Step old removed',
      'New dependency prep → train',
      'Parameter lr: float = 0.1 → float = 0.01',
      'Parameter data_path in prod: a.csv → b.csv',
      'Parameter lr in stage set to 0.05',
      'Requirement numpy==1.26 → numpy==2.0',
      'Schedule (none) → 0 3 * * *'
    ]);
    expect(items[0].cellIds).toEqual(['t2']);
    expect(items[1].cellIds).toEqual(['o1']);
    expect(items[2].cellIds).toEqual(['t2']);
    expect(items[7].op).toBe('added');
  });
});

describe('base and head choices', () => {
  it('offers production, my last review when older than the head, and earlier revisions', () => {
    expect(baseOptions(3, 1, 'dev').map(o => o.value)).toEqual([
      'production',
      'last-reviewed',
      '2',
      '1'
    ]);
    expect(baseOptions(3, 3, 'dev').map(o => o.value)).toEqual(['production', '2', '1']);
    expect(baseOptions(1, null, 'prod')[0].label).toBe('What is in prod now');
    expect(headOptions(2).map(o => o.label)).toEqual(['Revision 2 (latest)', 'Revision 1']);
  });

  it('reads and writes the service query words', () => {
    expect(parseBase('last-reviewed')).toBe('last-reviewed');
    expect(parseBase('2')).toBe(2);
    expect(parseBase(0)).toBeNull();
    expect(parseBase('head')).toBeNull();
    expect(pairQuery({ base: 'production', head: 3 })).toBe('base=production&head=3');
  });

  it('resets a base that is no longer older than the head', () => {
    expect(clampPair({ base: 2, head: 2 }, 3)).toEqual({ base: 'production', head: 2 });
    expect(clampPair({ base: 1, head: 5 }, 3)).toEqual({ base: 1, head: 3 });
    // "Since my last review" needs a review older than the head.
    expect(clampPair({ base: 'last-reviewed', head: 2 }, 2, 1)).toEqual({
      base: 'last-reviewed',
      head: 2
    });
    expect(clampPair({ base: 'last-reviewed', head: 1 }, 2, 1)).toEqual({
      base: 'production',
      head: 1
    });
    expect(clampPair({ base: 'last-reviewed', head: 2 }, 2, null).base).toBe('production');
  });

  it('opens since the last review when the reader reviewed an earlier revision', () => {
    expect(defaultBase(1, 2)).toBe('last-reviewed');
    expect(defaultBase(2, 2)).toBe('production');
    expect(defaultBase(null, 3)).toBe('production');
  });
});
