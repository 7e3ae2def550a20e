import { asFormData, pruneEmpty } from '../metadata/settingsValue';

describe('pruneEmpty', () => {
  it('drops what a form leaves empty, keeping set values', () => {
    expect(
      pruneEmpty({
        project: 'titanic',
        owner: '',
        requirements: [],
        resources: { cpu: undefined, memory: '2Gi', gpu: 0 },
        retries: undefined
      })
    ).toEqual({ project: 'titanic', resources: { memory: '2Gi', gpu: 0 } });
  });

  it('is undefined when nothing is set', () => {
    expect(pruneEmpty({ resources: {}, image: '' })).toBeUndefined();
  });
});

describe('asFormData', () => {
  it('reads only objects as form data', () => {
    expect(asFormData({ a: 1 })).toEqual({ a: 1 });
    expect(asFormData(undefined)).toEqual({});
    expect(asFormData(['x'])).toEqual({});
  });
});
