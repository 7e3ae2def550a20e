import * as fs from 'node:fs';
import * as path from 'node:path';
import { useTestApi } from '../support/api';
import { DATABASES } from '../support/databases';

const WINE = path.resolve(__dirname, '../fixtures/ml/wine_shared_functions.ipynb');

describe.each(DATABASES)('POST /check on %s', kind => {
  const { api } = useTestApi(kind);

  it('names the shared functions through which a step reads its inputs', async () => {
    const notebook = JSON.parse(fs.readFileSync(WINE, 'utf8'));
    const res = await api.as('ada').post('/check', { notebook, path: 'wine.ipynb' });
    expect(res.status).toBe(200);
    const step = (n: string) => res.body.steps.find((s: { name: string }) => s.name === n);
    expect(step('train').inputs).toEqual({
      X: 'preprocess',
      X_test: 'preprocess',
      y: 'preprocess',
      y_test: 'preprocess'
    });
    expect(step('train').inputsVia).toEqual({
      X: ['fit_and_evaluate'],
      X_test: ['fit_and_evaluate'],
      y: ['fit_and_evaluate'],
      y_test: ['fit_and_evaluate']
    });
    expect(step('evaluate').inputsVia).toEqual({ X_test: ['evaluate'], y_test: ['evaluate'] });
    expect(step('extract')).not.toHaveProperty('inputsVia');
  });
});
