import * as fs from 'node:fs';
import { analyzeNotebook, type Analysis } from '../../src/engine';
import { corpus } from './support';

async function analyse(rel: string): Promise<Analysis> {
  return analyzeNotebook(fs.readFileSync(corpus(rel)), { path: rel });
}

const step = (a: Analysis, name: string) => {
  const s = a.steps.find(x => x.name === name);
  if (!s) throw new Error(`no step ${name} in ${a.steps.map(x => x.name).join(', ')}`);
  return s;
};
const errors = (a: Analysis) => a.problems.filter(p => p.severity === 'error');

describe('Kale example notebooks', () => {
  test('titanic: block: tags, skip cells, 5-way fan-out and fan-in', async () => {
    const a = await analyse('kale/titanic_dataset_ml.ipynb');
    const models = ['randomforest', 'logisticregression', 'naivebayes', 'svm', 'decisiontree'];
    expect(a.order).toEqual([
      'loaddata',
      'datapreprocessing',
      'featureengineering',
      ...models,
      'results'
    ]);
    expect(errors(a)).toEqual([]);
    for (const m of models) {
      expect(step(a, m).dependsOn).toEqual(['featureengineering']);
      expect(step(a, m).inputs).toEqual({
        train_df: 'featureengineering',
        train_labels: 'featureengineering'
      });
    }
    const results = step(a, 'results');
    expect(results.dependsOn).toEqual(models);
    expect(results.inputs).toEqual({
      acc_random_forest: 'randomforest',
      acc_log: 'logisticregression',
      acc_gaussian: 'naivebayes',
      acc_linear_svc: 'svm',
      acc_decision_tree: 'decisiontree'
    });
    // Untagged cells after a skipped plot stay in their step (cell 24 drops PassengerId).
    expect(step(a, 'datapreprocessing').cells.map(c => c.index + 1)).toEqual([
      22, 24, 26, 28, 30, 31, 33
    ]);
    expect(step(a, 'datapreprocessing').inputs).toEqual({
      train_df: 'loaddata',
      test_df: 'loaddata'
    });
    // The label name comes straight from the load step, past the explicit prev: chain.
    expect(step(a, 'featureengineering').inputs.PREDICTION_LABEL).toBe('loaddata');
    expect(step(a, 'loaddata').outputs).toEqual(['PREDICTION_LABEL', 'test_df', 'train_df']);
    expect(a.modules).toEqual(['matplotlib', 'numpy', 'pandas', 're', 'seaborn', 'sklearn']);
  });

  test('candies: prev: tags, pipeline-parameters, functions', async () => {
    const a = await analyse('kale/candies_sharing.ipynb');
    expect(a.order).toEqual(['sack', 'kid1', 'kid2', 'kid3']);
    expect(errors(a)).toEqual([]);
    expect(step(a, 'sack').dependsOn).toEqual([]);
    expect(step(a, 'kid1').dependsOn).toEqual(['sack']);
    expect(step(a, 'kid2').dependsOn).toEqual(['kid1']);
    expect(step(a, 'kid3').prev).toEqual(['kid2', 'kid1']);
    expect(step(a, 'kid3').dependsOn).toEqual(['kid1', 'kid2']);
    expect(step(a, 'kid3').inputs).toEqual({ kid1: 'kid1', kid2: 'kid2' });
    expect(step(a, 'kid1').setupNames).toEqual(['get_handful']);
    expect(a.parameters).toEqual([
      { name: 'CANDIES', type: 'int', default: 20, cellId: expect.any(String) }
    ]);
    for (const s of a.steps) expect(s.parameters).toEqual(['CANDIES']);
  });

  test('taxicab: block: names with prev: chain, pipeline-parameters, skipped analysis', async () => {
    const a = await analyse('kale/taxicab_pipeline.ipynb');
    expect(a.order).toEqual(['data_validation', 'data_transformation', 'train', 'eval']);
    expect(step(a, 'data_transformation').prev).toEqual(['data_validation']);
    expect(step(a, 'eval').dependsOn).toEqual(['data_transformation', 'train']);
    expect(step(a, 'train').role).toBe('train');
    expect(a.parameters.map(p => [p.name, p.type, p.default])).toEqual([
      ['EPOCHS', 'int', 1],
      ['STEPS', 'int', 3],
      ['BATCH_SIZE', 'int', 32],
      ['HIDDEN_LAYER_SIZE', 'str', '1500'],
      ['LEARNING_RATE', 'float', 0.1]
    ]);
    // A function defined in one step and called in another cannot travel as data.
    expect(a.problems).toContainEqual(
      expect.objectContaining({
        code: 'shared_definition',
        severity: 'warning',
        cell: 20,
        step: 'eval',
        variable: 'training_input_fn'
      })
    );
    expect(errors(a)).toEqual([]);
  });
});

describe('papermill notebooks', () => {
  test('simple_input: parameters cell, the rest is one step', async () => {
    const a = await analyse('papermill/simple_input.ipynb');
    expect(a.parameters.map(p => [p.name, p.type, p.default])).toEqual([['msg', 'null', null]]);
    expect(a.order).toEqual(['main']);
    expect(step(a, 'main').parameters).toEqual(['msg']);
    expect(errors(a)).toEqual([]);
  });

  test('simple_output: the injected-parameters cell is ignored', async () => {
    const a = await analyse('papermill/simple_output.ipynb');
    expect(a.parameters.map(p => [p.name, p.default])).toEqual([['msg', null]]);
    expect(step(a, 'main').cells.map(c => c.id)).toEqual(['99512b79']);
  });

  test('pm_example: imports inside the parameters cell', async () => {
    const a = await analyse('papermill/pm_example.ipynb');
    expect(a.parameters.map(p => [p.name, p.type, p.default])).toEqual([
      ['binder_dir', 'str', '..']
    ]);
    expect(a.modules).toEqual(['os', 'papermill']);
    // The notebook was saved after a failed run: promoting it would promote a failure.
    expect(errors(a)).toEqual([
      expect.objectContaining({ code: 'error_output', cell: 5, cellId: 'c52a1683' })
    ]);
  });

  test('complex_parameters: annotations, multi-line values, the broken line is reported', async () => {
    const a = await analyse('papermill/complex_parameters.ipynb');
    expect(a.parameters.map(p => [p.name, p.type, p.default, p.annotation])).toEqual([
      ['msg', 'null', null, undefined],
      ['a', 'float', 2.25, 'float'],
      ['b', 'list', ['Hello', 'World'], undefined],
      ['c', 'null', null, '"NoneType"'],
      ['d', 'expression', 'a == 3', undefined]
    ]);
    expect(errors(a)).toEqual([
      expect.objectContaining({ code: 'syntax_error', cell: 1, line: 14 })
    ]);
  });

  test('no_parameters: no parameters, one step', async () => {
    const a = await analyse('papermill/no_parameters.ipynb');
    expect(a.parameters).toEqual([]);
    expect(a.order).toEqual(['main']);
    expect(errors(a)).toEqual([]);
  });
});
