import { asFormData, pruneEmpty, storableSettings } from '../metadata/settingsValue';

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

describe('storableSettings', () => {
  const valid = (s: string) => !s.startsWith('61');

  it('keeps the stored schedule while the typed one is flagged, and writes the rest', () => {
    expect(
      storableSettings(
        { project: 'titanic', owner: 'ada', schedule: '61 25 * * *' },
        { project: 'titanic', schedule: '0 6 * * 1' },
        valid
      )
    ).toEqual({ project: 'titanic', owner: 'ada', schedule: '0 6 * * 1' });
  });

  it('writes no schedule when none valid was stored', () => {
    expect(storableSettings({ schedule: '61 25 * * *' }, {}, valid)).toEqual({});
  });

  it('writes a valid schedule, and checks each use case schedule too', () => {
    expect(
      storableSettings(
        { schedule: '0 7 * * *', schedules: { prediction: '61 * * * *', evaluation: '@daily' } },
        { schedules: { prediction: '0 1 * * *' } },
        valid
      )
    ).toEqual({
      schedule: '0 7 * * *',
      schedules: { prediction: '0 1 * * *', evaluation: '@daily' }
    });
  });
});
