import {
  defaultSettings,
  executorFor,
  executorReady
} from '../../src/features/verification/settings';
import { nextFairly } from '../../src/features/verification/fairQueue';

describe('verification settings and queue', () => {
  it('starts the local executor off behind a Hub or OIDC, on otherwise, unless told', () => {
    expect(defaultSettings(false).localEnabled).toBe(true);
    expect(defaultSettings(true).localEnabled).toBe(false);
    expect(defaultSettings(false, false).localEnabled).toBe(false);
    expect(defaultSettings(true, true).localEnabled).toBe(true);
    expect(defaultSettings(false)).toMatchObject({ concurrency: 1, timeoutSeconds: 1800 });
  });

  it("runs on the rule's executor, else the environment's, else local; airflow once it is set", () => {
    const airflow = { url: 'http://airflow:8080', username: 'svc', passwordEnv: 'AIRFLOW_PW' };
    const s = {
      ...defaultSettings(false),
      environments: { prod: { executor: 'airflow' as const, airflow } }
    };
    expect(executorFor(s, 'dev')).toBe('local');
    expect(executorFor(s, 'prod')).toBe('airflow');
    expect(executorFor(s, 'prod', 'local')).toBe('local');
    expect(executorFor(s, 'dev', 'airflow')).toBe('airflow');
    expect(executorReady(s, 'prod', 'airflow')).toBe(true);
    expect(executorReady(s, 'dev', 'airflow')).toBe(false);
    expect(executorReady({ ...s, localEnabled: false }, 'dev', 'local')).toBe(false);
  });

  it('starts the oldest run of the author with the fewest runs going', () => {
    const queued = [
      { id: 1, author: 'ada' },
      { id: 2, author: 'ada' },
      { id: 3, author: 'bob' }
    ];
    expect(nextFairly(queued, [])?.id).toBe(1);
    expect(nextFairly(queued, [{ id: 9, author: 'ada' }])?.id).toBe(3);
    expect(nextFairly(queued.slice(0, 2), [{ id: 9, author: 'ada' }])?.id).toBe(1);
    expect(nextFairly([], [])).toBeUndefined();
  });
});
