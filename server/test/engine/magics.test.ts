import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeNotebook, buildBundle, writeBundle, type Analysis } from '../../src/engine';
import { notebook, python, tmpDir } from './support';

const one = async (source: string, tags = ['step:a']): Promise<Analysis> =>
  analyzeNotebook(notebook([[tags, source]]));
const translated = (a: Analysis) => a.cellFacts.get(0)!.source;
const issues = (a: Analysis) =>
  a.problems.filter(p => p.code !== 'no_steps').map(p => [p.severity, p.code, p.line]);

describe('IPython magics as IPython parses them', () => {
  test.each([
    ['%timeit -n 50 KMeans(n_clusters=3).fit(X)', 'KMeans(n_clusters=3).fit(X)'],
    ['%timeit -n50 -r3 -q model.fit(X, y)', 'model.fit(X, y)'],
    ['%timeit -qo -p 4 sorted(data)', 'sorted(data)'],
    ['%timeit -v timing -- -abs(x)', '-abs(x)'],
    ['%time model.fit(X, y)', 'model.fit(X, y)'],
    ['%time --no-raise-error model.fit(X, y)', 'model.fit(X, y)'],
    ['%time -x + 1', '-x + 1'],
    ['%prun -s cumulative -l 10 train(X)', 'train(X)'],
    ['for k in range(3):\n    %timeit -n 5 fit(k)', 'for k in range(3):\n    fit(k)'],
    ['result = %time fit(X)', 'result = fit(X)']
  ])('%s keeps the statement, not the options', async (source, python) => {
    const a = await one(source);
    expect(translated(a)).toBe(python);
    expect(a.problems.filter(p => p.code === 'syntax_error')).toEqual([]);
    expect(a.problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'line_magic',
        line: source.split('\n').length
      })
    );
  });

  test('%%timeit and %%time cells keep the body; %%timeit keeps its setup statement', async () => {
    const timeit = await one('%%timeit -n 10 -r 2 import math\ntotal = math.fsum(values)');
    expect(translated(timeit)).toBe('import math\ntotal = math.fsum(values)');
    expect(issues(timeit)).toContainEqual(['warning', 'cell_magic', 1]);
    const time = await one('%%time\nmodel = fit(X)');
    expect(translated(time)).toBe('pass  # removed: %%time\nmodel = fit(X)');
    const bad = await one('%%time model = fit(X)\nother = 1');
    expect(issues(bad)).toContainEqual(['error', 'cell_magic', 1]);
  });

  test('an option %timeit does not have is an error, as IPython refuses it', async () => {
    const a = await one('%timeit -z fit(X)');
    expect(a.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'line_magic',
        line: 1,
        message: '%timeit -z fit(X): %timeit: option -z not recognized'
      })
    );
  });

  test('x = !cmd and x = %sx cmd capture the output as a list of lines', async () => {
    const a = await one('files = !ls -1 /\nlisting = %sx echo a; echo b\nn = len(files)');
    expect(translated(a).split('\n')[0]).toBe(
      "files = __import__('subprocess').run('ls -1 /', shell=True, check=True, " +
        'capture_output=True, text=True).stdout.splitlines()'
    );
    expect(a.steps[0].defines).toEqual(expect.arrayContaining(['files', 'listing', 'n']));
    expect(issues(a)).toEqual([
      ['warning', 'shell_command', 1],
      ['warning', 'line_magic', 2]
    ]);
    const expanded = await one('files = !ls {folder}');
    expect(issues(expanded)).toEqual([['error', 'shell_command', 1]]);
  });

  test('%run, %load and non-Python cell magics are errors that say what to do', async () => {
    const run = await one('%run ./helpers.ipynb\nresult = helper(1)');
    expect(run.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'line_magic',
        line: 1,
        message: expect.stringMatching(/%run runs another script .* "functions"/)
      })
    );
    expect(issues(await one('%load utils.py'))).toContainEqual(['error', 'line_magic', 1]);
    const sql = await one('%%sql\nSELECT * FROM passengers');
    expect(issues(sql)).toEqual([['error', 'cell_magic', 1]]);
    // Display-only cells are left out with a warning.
    expect(issues(await one('%%html\n<b>hello</b>'))).toEqual([['warning', 'cell_magic', 1]]);
  });

  test('session magics are dropped; %env, %cd and shell aliases are translated', async () => {
    const a = await one(
      [
        '%load_ext autoreload',
        '%autoreload 2',
        '%config InlineBackend.figure_format = "retina"',
        '%env MODE=prod',
        '%set_env LEVEL 3',
        'home = %env HOME',
        '%mkdir -p out',
        '%pip install -q lightgbm'
      ].join('\n')
    );
    expect(issues(a)).toEqual([
      ['warning', 'line_magic', 1],
      ['warning', 'line_magic', 2],
      ['warning', 'line_magic', 3],
      ['warning', 'line_magic', 4],
      ['warning', 'line_magic', 5],
      ['warning', 'line_magic', 6],
      ['warning', 'line_magic', 7],
      ['warning', 'pip_install', 8]
    ]);
    expect(a.problems.find(p => p.code === 'pip_install')!.message).toMatch(/lightgbm$/);
  });
});

describe('translated magics run', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the generated step runs what the magics kept and gives the notebook values', async () => {
    const nb = notebook([
      [['imports'], 'import math'],
      [
        ['step:extract'],
        [
          '%%timeit -n 3 -r 1 scale = 2',
          'values = [1.0, 4.0, 9.0]',
          'roots = [math.sqrt(v) for v in values]'
        ].join('\n')
      ],
      [[], '%%writefile -a weights.txt\n2'],
      [
        ['step:train'],
        [
          '%timeit -n 50 -r 2 sum(roots)',
          "weight = int(open('weights.txt').read().split()[-1])",
          'total = %time sum(roots)',
          'lines = !printf "a\\nb\\n"',
          '%env NBP_MODE=prod',
          "mode = __import__('os').environ['NBP_MODE']",
          "count = len(lines) * weight if mode == 'prod' else 0"
        ].join('\n')
      ],
      [['pipeline-metrics'], 'total\ncount']
    ]);
    const b = await buildBundle(nb, { path: 'magics_run.ipynb' });
    expect(b.problems.filter(p => p.severity === 'error')).toEqual([]);
    const out = path.join(dir, 'bundle');
    writeBundle(b.files, out);
    const root = path.join(dir, 'runs');
    const r = python(['-m', 'magics_run', 'run', '--root', root], {
      cwd: dir,
      env: { PYTHONPATH: out }
    });
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.code).toBe(0);
    const token = /run (\S+) succeeded/.exec(r.stdout)![1];
    const runDir = path.join(root, 'default', 'dev', 'magics_run', '0.1.0', token);
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'metrics.json'), 'utf8'))).toEqual({
      total: 6,
      count: 4
    });
    expect(fs.readFileSync(path.join(dir, 'weights.txt'), 'utf8')).toBe('2\n');
  }, 120000);
});
