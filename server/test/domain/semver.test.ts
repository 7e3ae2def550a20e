import {
  bumpVersion,
  compareVersions,
  formatVersion,
  isValidVersion,
  parseVersion
} from '../../src/domain';
import { InputError } from '../../src/errors';

describe('semver', () => {
  it('parses strict semver 2.0', () => {
    expect(parseVersion('1.2.3-rc.1+build.5')).toEqual({
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: ['rc', '1'],
      build: ['build', '5']
    });
    for (const ok of [
      '0.0.0',
      '10.20.30',
      '1.0.0-alpha',
      '1.0.0-0.3.7',
      '1.0.0-x-y-z.--',
      '1.0.0+21AF26D3----117B344092BD'
    ]) {
      expect(isValidVersion(ok)).toBe(true);
      expect(formatVersion(parseVersion(ok))).toBe(ok);
    }
  });

  it.each([
    '1',
    '1.2',
    '1.2.3.4',
    '01.2.3',
    '1.02.3',
    '1.2.3-01',
    '1.2.3-',
    '1.2.3+',
    ' 1.2.3',
    '1.2.3\n',
    'latest',
    '99999999999999999999.0.0'
  ])('refuses %p', text => {
    expect(() => parseVersion(text)).toThrow(InputError);
  });

  it('explains a leading v', () => {
    expect(() => parseVersion('v1.2.3', 'metadata.version')).toThrow(
      /metadata.version .*without the leading "v"/
    );
    expect(() => parseVersion(3)).toThrow(InputError);
  });

  it('orders by precedence, ignoring build metadata', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.1.0',
      '2.0.0'
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareVersions(ordered[i], ordered[i + 1])).toBe(-1);
      expect(compareVersions(ordered[i + 1], ordered[i])).toBe(1);
    }
    expect(compareVersions('1.0.0+a', '1.0.0+b')).toBe(0);
  });

  it('bumps', () => {
    const bump = (v: string, level: 'major' | 'minor' | 'patch') =>
      formatVersion(bumpVersion(v, level));
    expect(bump('1.2.3', 'major')).toBe('2.0.0');
    expect(bump('1.2.3', 'minor')).toBe('1.3.0');
    expect(bump('1.2.3+b', 'patch')).toBe('1.2.4');
    expect(bump('1.2.0-rc.1', 'minor')).toBe('1.2.0');
    expect(bump('1.2.3-rc.1', 'minor')).toBe('1.3.0');
    expect(bump('2.0.0-rc.1', 'major')).toBe('2.0.0');
    expect(bump('1.2.3-rc.1', 'patch')).toBe('1.2.3');
  });
});
