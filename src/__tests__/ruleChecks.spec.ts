import type { RulesDocument } from '../client/types';
import { rulesSchema, validateRules } from '../rules/rulesSchema';

/** Each document here passes the schema and is refused by the service's own checks on save. */
describe('the rules checks the service makes beyond the schema', () => {
  const stage = (rules: unknown[]) =>
    ({ schemaVersion: 1, environments: { stage: { rules } } }) as unknown as RulesDocument;
  const gate = (id: string) => ({
    id,
    type: 'metric',
    parameters: { metric: 'accuracy', operator: '>=', value: 0.8 }
  });

  it('names a second rule of the same name in one environment, at its name', () => {
    expect(validateRules(rulesSchema, stage([gate('accuracy'), gate('recall')]))).toEqual([]);
    expect(
      validateRules(rulesSchema, stage([gate('accuracy'), gate('recall'), gate('accuracy')]))
    ).toEqual([
      {
        path: '/environments/stage/rules/2/id',
        message: 'Another rule here is already named accuracy: each rule needs its own name.'
      }
    ]);
  });

  it('lets every environment and the defaults use the same name once each', () => {
    const document = {
      schemaVersion: 1,
      defaults: { rules: [gate('accuracy')] },
      environments: { stage: { rules: [gate('accuracy')] }, prod: { rules: [gate('accuracy')] } }
    } as unknown as RulesDocument;
    expect(validateRules(rulesSchema, document)).toEqual([]);
  });

  it('asks for a freeze that ends after it starts', () => {
    const freeze = (from: string, to: string) =>
      stage([{ id: 'xmas', type: 'freeze', parameters: { dates: [{ from, to }] } }]);
    expect(
      validateRules(rulesSchema, freeze('2026-12-24T00:00:00Z', '2026-12-27T00:00:00Z'))
    ).toEqual([]);
    expect(
      validateRules(rulesSchema, freeze('2026-12-27T00:00:00Z', '2026-12-24T00:00:00Z'))
    ).toEqual([
      {
        path: '/environments/stage/rules/0/parameters/dates/0/to',
        message: 'Must be after the start.'
      }
    ]);
  });

  it('asks which way is better when an exact gate compares with the current version', () => {
    const exact = (direction?: string) =>
      stage([
        {
          id: 'rows',
          type: 'metric',
          parameters: {
            metric: 'rows',
            operator: '==',
            value: 100,
            noWorseThanCurrent: { absolute: 0.5 },
            ...(direction ? { direction } : {})
          }
        }
      ]);
    expect(validateRules(rulesSchema, exact('higher'))).toEqual([]);
    expect(validateRules(rulesSchema, exact()).map(p => p.path)).toEqual([
      '/environments/stage/rules/0/parameters/direction'
    ]);
  });
});
