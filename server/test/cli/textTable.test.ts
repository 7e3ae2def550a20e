import { textTable } from '../../src/cli/textTable';

describe('textTable', () => {
  test('aligns every column to its longest cell, whatever the names', () => {
    const text = textTable(
      [
        ['user', 'role', 'API token'],
        ['ada', 'data-scientist', 'tok-a'],
        ['margaret', 'reviewer', 'tok-m']
      ],
      '  '
    );
    expect(text).toBe(
      '  user      role            API token\n' +
        '  ada       data-scientist  tok-a\n' +
        '  margaret  reviewer        tok-m\n'
    );
    const lines = text.trimEnd().split('\n');
    const column = (line: string, word: string) => line.indexOf(word);
    expect(column(lines[1], 'tok-a')).toBe(column(lines[2], 'tok-m'));
    expect(column(lines[0], 'API')).toBe(column(lines[2], 'tok-m'));
  });
});
