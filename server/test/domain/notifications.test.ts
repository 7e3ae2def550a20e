import { excerptOf, MAX_EXCERPT, mentionedNames } from '../../src/domain';

describe('mentions', () => {
  it('finds each @name once, in order, and ends a name before a sentence stop', () => {
    expect(mentionedNames('@ada: thanks. Ask @linus.\n(@ada again, @grace.)')).toEqual([
      'ada',
      'linus',
      'grace'
    ]);
    expect(mentionedNames('@data.team-1_x knows')).toEqual(['data.team-1_x']);
  });

  it('ignores mail addresses, a lone @ and an @ inside a word', () => {
    expect(mentionedNames('mail ada@example.com or x@y, @ alone, a@@b')).toEqual([]);
    expect(mentionedNames('')).toEqual([]);
  });

  it('keeps excerpts on one line and short', () => {
    expect(excerptOf('  two\n\nlines\t here ')).toBe('two lines here');
    const long = excerptOf('x'.repeat(1000));
    expect(long).toHaveLength(MAX_EXCERPT);
    expect(long.endsWith('…')).toBe(true);
    expect(excerptOf(undefined)).toBe('');
  });
});
