import {
  compareEnvironments,
  defaultBump,
  ENVIRONMENTS,
  FIRST_VERSION,
  nextEnvironment,
  nextVersion,
  parseEnvironment,
  type PipelineSignature
} from '../../src/domain';
import { ConflictError, InputError } from '../../src/errors';

const pipeline: PipelineSignature = {
  steps: [{ name: 'extract' }, { name: 'train', dependsOn: ['extract'] }],
  parameters: [{ name: 'lr', type: 'float', default: 0.1 }]
};

describe('nextVersion', () => {
  it('starts at 1.0.0 unless metadata names a version', () => {
    expect(nextVersion({ used: [] })).toBe(FIRST_VERSION);
    expect(nextVersion({ used: [], requested: '0.3.0' })).toBe('0.3.0');
  });

  it('bumps the highest version ever used, not the latest promoted', () => {
    expect(nextVersion({ used: ['1.0.0', '1.4.0', '1.2.0'], bump: 'minor' })).toBe('1.5.0');
    expect(nextVersion({ used: ['1.0.0', '1.4.0'] })).toBe('1.4.1');
    expect(nextVersion({ used: ['1.0.0', '2.0.0-rc.1'], bump: 'major' })).toBe('2.0.0');
  });

  it('never reuses a version, even with other build metadata', () => {
    expect(() => nextVersion({ used: ['1.0.0'], requested: '1.0.0' })).toThrow(ConflictError);
    expect(() => nextVersion({ used: ['1.0.0+a'], requested: '1.0.0+b' })).toThrow(
      expect.objectContaining({ code: 'version_used' })
    );
  });

  it('refuses a requested version below the highest used', () => {
    expect(() => nextVersion({ used: ['1.0.0', '2.0.0'], requested: '1.5.0' })).toThrow(
      expect.objectContaining({
        code: 'version_not_increasing',
        details: { version: '1.5.0', highest: '2.0.0' }
      })
    );
    expect(nextVersion({ used: ['1.0.0', '2.0.0'], requested: '2.0.1' })).toBe('2.0.1');
    expect(() => nextVersion({ used: [], requested: 'v2' })).toThrow(InputError);
  });
});

describe('defaultBump', () => {
  it('is minor when steps or parameters changed, patch otherwise', () => {
    expect(defaultBump(null, pipeline)).toBe('minor');
    expect(defaultBump(pipeline, { ...pipeline, steps: [...pipeline.steps].reverse() })).toBe(
      'patch'
    );
    expect(
      defaultBump(pipeline, { ...pipeline, steps: [...pipeline.steps, { name: 'evaluate' }] })
    ).toBe('minor');
    expect(
      defaultBump(pipeline, { ...pipeline, steps: [{ name: 'extract' }, { name: 'train' }] })
    ).toBe('minor');
    expect(
      defaultBump(pipeline, {
        ...pipeline,
        parameters: [{ name: 'lr', type: 'float', default: 0.2 }]
      })
    ).toBe('minor');
    expect(defaultBump(pipeline, { ...pipeline, parameters: [] })).toBe('minor');
  });
});

describe('environments', () => {
  it('orders dev, stage, prod', () => {
    expect(ENVIRONMENTS).toEqual(['dev', 'stage', 'prod']);
    expect(compareEnvironments('dev', 'prod')).toBeLessThan(0);
    expect(compareEnvironments('prod', 'stage')).toBeGreaterThan(0);
    expect(compareEnvironments('stage', 'stage')).toBe(0);
    expect(nextEnvironment('dev')).toBe('stage');
    expect(nextEnvironment('prod')).toBeNull();
    expect(nextEnvironment('dev', ['dev', 'prod'])).toBe('prod');
    expect(() => nextEnvironment('stage', ['dev', 'prod'])).toThrow(InputError);
  });

  it('parses user input', () => {
    expect(parseEnvironment('stage')).toBe('stage');
    expect(() => parseEnvironment('production')).toThrow(InputError);
  });
});
