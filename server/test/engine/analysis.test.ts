import { analyzeNotebook, type Analysis } from '../../src/engine';
import { notebook } from './support';

async function analyse(cells: [string[], string][]): Promise<Analysis> {
  return analyzeNotebook(notebook(cells));
}
const codes = (a: Analysis) => a.problems.map(p => `${p.severity}:${p.code}`);

describe('Python facts from the ast helper', () => {
  test('scopes: comprehensions, functions, classes, walrus, with, for, except, global', async () => {
    const a = await analyse([
      [['step:a'], 'data = [1, 2, 3]\nscale = 2'],
      [
        ['step:b'],
        [
          'squares = [x * scale for x in data if x]',
          'def f(v):\n    return v + offset',
          'class K:\n    size = len(data)',
          'if (n := len(squares)) > 1:\n    total = n',
          'with open(__file__) as fh:\n    pass',
          'for i, j in enumerate(data):\n    pass',
          'try:\n    pass\nexcept ValueError as e:\n    pass',
          'def g():\n    global made\n    made = 1',
          'counter = 0\ncounter += 1'
        ].join('\n')
      ],
      [['step:c'], 'offset = 1\nresult = f(1) + made + total']
    ]);
    const b = a.steps.find(s => s.name === 'b')!;
    expect(b.inputs).toEqual({ data: 'a', scale: 'a' });
    expect(b.defines).toEqual(
      expect.arrayContaining([
        'squares',
        'f',
        'K',
        'n',
        'total',
        'fh',
        'i',
        'j',
        'e',
        'g',
        'made',
        'counter'
      ])
    );
    expect(b.defines).not.toContain('x');
    expect(b.defines).not.toContain('v');
    // offset is read by f's body only when called: defined later, so reported, not an input.
    expect(a.problems).toContainEqual(
      expect.objectContaining({ code: 'used_before_defined', step: 'b', variable: 'offset' })
    );
    const c = a.steps.find(s => s.name === 'c')!;
    expect(c.inputs).toEqual({ f: 'b', made: 'b', total: 'b' });
    expect(codes(a)).toContain('warning:shared_definition');
  });

  test('magics and shell lines are translated or reported, with their line', async () => {
    const a = await analyse([
      [['imports'], '%matplotlib inline\nimport os'],
      [['step:a'], '!pip install scikit-learn\n%time x = 1\n!echo hello\n%env MODE=prod\ny = x'],
      [['step:b'], '%%bash\necho hi'],
      [['step:c'], '%%time\nz = y + 1']
    ]);
    expect(a.problems.filter(p => p.code !== 'no_steps')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'line_magic', cell: 1, line: 1, severity: 'warning' }),
        expect.objectContaining({ code: 'pip_install', cell: 2, line: 1 }),
        expect.objectContaining({ code: 'line_magic', cell: 2, line: 2 }),
        expect.objectContaining({ code: 'shell_command', cell: 2, line: 3, severity: 'warning' }),
        expect.objectContaining({ code: 'line_magic', cell: 2, line: 4 }),
        expect.objectContaining({ code: 'cell_magic', cell: 3, line: 1 }),
        expect.objectContaining({ code: 'cell_magic', cell: 4, line: 1 })
      ])
    );
    expect(a.problems.filter(p => p.severity === 'error')).toEqual([]);
    const src = a.cellFacts.get(1)!.source;
    expect(src).toContain(
      "x = 1\n__import__('subprocess').run('echo hello', shell=True, check=True)"
    );
    expect(src).toContain("__import__('os').environ['MODE'] = 'prod'");
    expect(a.steps.find(s => s.name === 'c')!.inputs).toEqual({ y: 'a' });
    expect(a.cellFacts.get(2)!.source).toBe(
      "__import__('subprocess').run('echo hi', shell=True, check=True, executable='/bin/bash')\n"
    );
  });

  test('a re-opened step is appended and warns when that changes data flow', async () => {
    const a = await analyse([
      [['step:load'], 'raw = 1'],
      [['step:clean'], 'clean = raw * 2'],
      [['step:load'], 'raw = 10'],
      [['step:report'], 'out = clean + raw']
    ]);
    expect(a.order).toEqual(['load', 'clean', 'report']);
    expect(a.steps.find(s => s.name === 'load')!.cells.map(c => c.id)).toEqual(['c1', 'c3']);
    expect(a.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'step_reopened', cell: 3, step: 'load' }),
        expect.objectContaining({
          code: 'reopened_step_changes_dataflow',
          cell: 3,
          variable: 'raw'
        })
      ])
    );
  });

  test('untagged and empty step: tags join the step above; unknown tags warn', async () => {
    const a = await analyse([
      [['step:a'], 'x = 1'],
      [[], 'y = x + 1'],
      [['step:', 'colour'], 'z = y'],
      [['skip'], 'print(z)'],
      [[], 'w = z']
    ]);
    expect(a.steps.map(s => [s.name, s.cells.map(c => c.id)])).toEqual([
      ['a', ['c1', 'c2', 'c3', 'c5']]
    ]);
    expect(a.problems).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'unknown_tag', cell: 3, cellId: 'c3' })
    ]);
  });

  test('mutating a value in place makes the step its producer', async () => {
    const a = await analyse([
      [['imports'], 'import pandas as pd'],
      [['step:extract'], "df = pd.DataFrame({'a': [1]})"],
      [['step:preprocess'], "df['b'] = df['a'] * 2"],
      [['step:train'], 'print(df.head())']
    ]);
    expect(a.steps.find(s => s.name === 'train')!.inputs).toEqual({ df: 'preprocess' });
    expect(a.steps.find(s => s.name === 'preprocess')!.outputs).toEqual(['df']);
  });
});
