import type { CheckResult } from '../client/types';
import type { ICellInfo } from '../tagging/cellSteps';
import { localPipeline, pipelineEdges } from '../pipeline/localPipeline';

function code(id: string, tags: string[] = [], blank = false): ICellInfo {
  return { id, type: 'code', tags, blank };
}

describe('localPipeline', () => {
  it('lists steps in order with their cells, and the other roles apart', () => {
    const pipeline = localPipeline([
      code('imp', ['imports']),
      code('par', ['parameters']),
      { id: 'md', type: 'markdown', tags: [] },
      code('ext', ['step:extract']),
      code('look', ['skip']),
      code('more'),
      code('pre', ['step:preprocess', 'prev:extract']),
      code('met', ['pipeline-metrics'])
    ]);
    expect(pipeline.steps.map(s => [s.name, s.cells.map(c => c.id), s.prev])).toEqual([
      ['extract', ['ext', 'more'], []],
      ['preprocess', ['pre'], ['extract']]
    ]);
    expect(pipeline.setup.map(c => c.id)).toEqual(['imp']);
    expect(pipeline.parameters.map(c => c.index)).toEqual([1]);
    expect(pipeline.skipped.map(c => c.id)).toEqual(['look']);
    expect(pipeline.metrics.map(c => c.id)).toEqual(['met']);
  });

  it('gathers code above the first step tag into "main", ignoring blank cells', () => {
    const pipeline = localPipeline([code('empty', [], true), code('x'), code('t', ['step:train'])]);
    expect(pipeline.steps.map(s => [s.name, s.cells.map(c => c.id)])).toEqual([
      ['main', ['x']],
      ['train', ['t']]
    ]);
  });

  it('appends a step tagged again to its earlier part', () => {
    const pipeline = localPipeline([
      code('a', ['step:a']),
      code('b', ['step:b']),
      code('a2', ['step:a'])
    ]);
    expect(pipeline.steps.map(s => [s.name, s.cells.map(c => c.id)])).toEqual([
      ['a', ['a', 'a2']],
      ['b', ['b']]
    ]);
  });
});

describe('pipelineEdges', () => {
  const local = localPipeline([
    code('e', ['step:extract']),
    code('p', ['step:preprocess']),
    code('t', ['step:train', 'prev:extract'])
  ]);

  it('has the explicit prev: edges without a check', () => {
    expect(pipelineEdges(local, null)).toEqual([
      { from: 'extract', to: 'train', kind: 'explicit', variables: [] }
    ]);
  });

  it('adds the inferred data-flow edges of a check, with their variables', () => {
    const check: CheckResult = {
      steps: [
        {
          name: 'preprocess',
          cellIds: ['p'],
          dependsOn: ['extract'],
          prev: [],
          inputs: { raw: 'extract' },
          outputs: ['features']
        },
        {
          name: 'train',
          cellIds: ['t'],
          dependsOn: ['extract', 'preprocess'],
          prev: ['extract'],
          inputs: { y: 'preprocess', features: 'preprocess' },
          inputsVia: { y: ['fit_and_evaluate'] },
          outputs: ['model']
        }
      ],
      parameters: [],
      metrics: [],
      problems: []
    };
    expect(pipelineEdges(local, check)).toEqual([
      { from: 'extract', to: 'preprocess', kind: 'inferred', variables: ['raw'] },
      { from: 'extract', to: 'train', kind: 'explicit', variables: [] },
      {
        from: 'preprocess',
        to: 'train',
        kind: 'inferred',
        variables: ['features', 'y (via fit_and_evaluate)']
      }
    ]);
  });
});
