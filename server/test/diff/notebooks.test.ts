import { diffNotebooks } from '../../src/diff';
import { clone, corpus, markdown, nb, shape } from './support';

/**
 * Cell statuses on nbdime's own test pairs. Where nbdime's diff_notebooks shows a cell as
 * removed and added again because it moved, the engine says "moved"; otherwise the
 * statuses are nbdime's (the comments give nbdime's answer where it differs).
 */
const PAIRS: [string, string, string[]][] = [
  ['apap--1', 'apap--2', ['removed:0>-', 'added:->0', 'unchanged:1>1']],
  [
    'multilevel-test-base',
    'multilevel-test-local',
    [
      'unchanged:0>0',
      'modified:1>1',
      'modified:2>2',
      'unchanged:3>3',
      'unchanged:4>4',
      'unchanged:5>5'
    ]
  ],
  ['markdown-only--1', 'markdown-only--2', ['modified:0>0', 'unchanged:1>1', 'modified:2>2']],
  [
    'multi_cell_nb',
    'multi_cell_nb--cellchange',
    [
      'modified:0>0',
      'unchanged:1>1',
      'removed:2>-',
      'added:->2',
      'added:->3',
      'unchanged:3>4',
      'removed:4>-'
    ]
  ],
  [
    'multi_cell_nb',
    'multi_cell_nb--local',
    ['unchanged:0>0', 'modified:1>1', 'modified:2>2', 'unchanged:3>3', 'modified:4>4']
  ],
  [
    'cellids--base',
    'cellids--local',
    [
      'unchanged:0>0',
      'modified:1>1',
      'modified:2>2',
      'unchanged:3>3',
      'unchanged:4>4',
      'removed:5>-',
      'added:->5',
      'modified:6>6',
      'modified:7>7'
    ]
  ],
  ['error--1', 'error--2', ['modified:0>0', 'modified:1>1']],
  ['single_cell_nb', 'single_cell_nb--changed_source_output_ec', ['modified:0>0', 'unchanged:1>1']],
  ['single_cell_nb', 'single_cell_nb--changed_metadata', ['modified:0>0', 'unchanged:1>1']],
  ['attachment', 'attachment--change_attachment', ['modified:0>0']],
  ['unicode--1', 'unicode--2', ['modified:0>0']],
  // nbdime: "x" cells with swapped outputs are added and removed; they moved.
  [
    'src-and-output--1',
    'src-and-output--2',
    [
      'unchanged:0>0',
      'unchanged:1>1',
      'unchanged:3>2',
      'moved:2>3',
      'unchanged:4>4',
      'unchanged:6>5',
      'moved:5>6'
    ]
  ],
  // nbdime: removed and added; the same short parameter cell with a new value reads better as modified.
  [
    'output-conflict--1',
    'output-conflict--2',
    ['unchanged:0>0', 'modified:1>1', 'modified:2>2', 'unchanged:3>3']
  ]
];

describe('cell alignment on the nbdime corpus', () => {
  it.each(PAIRS)('%s -> %s', (a, b, expected) => {
    const d = diffNotebooks(corpus(`${a}.ipynb`), corpus(`${b}.ipynb`));
    expect(shape(d)).toEqual(expected);
    expect(d.identical).toBe(false);
  });

  it('reports the two swapped functions of foo--1/foo--2 as a move, with its edit', () => {
    const d = diffNotebooks(corpus('foo--1.ipynb'), corpus('foo--2.ipynb'));
    expect(shape(d)).toEqual(['modified:1>0', 'moved*:0>1', 'unchanged:2>2']);
    const moved = d.cells[1];
    expect(d.counts.moved).toBe(1);
    // foe moved down and its body changed from + to *.
    const lines = moved.source.hunks.flatMap(h => h.lines);
    expect(lines.filter(l => l.kind === 'removed').map(l => l.text)).toEqual([
      '    return x + y',
      'foe(3, 2)'
    ]);
    expect(lines.filter(l => l.kind === 'added').map(l => l.text)).toEqual([
      '    return x * y',
      'foe(1, 2)'
    ]);
    const plus = lines.find(l => l.text === '    return x + y')!;
    expect(plus.inline).toEqual([{ start: 13, end: 14 }]);
  });

  it('finds every pair of a notebook with itself identical, every cell unchanged', () => {
    for (const name of ['multi_cell_nb.ipynb', 'unicode--1.ipynb', 'attachment.ipynb']) {
      const n = corpus(name);
      const d = diffNotebooks(n, clone(n));
      expect(d.identical).toBe(true);
      expect(d.counts.unchanged).toBe(n.cells.length);
      expect(d.cells.every(c => !c.source.changed && c.outputs.length === 0)).toBe(true);
    }
  });

  it('marks changed characters inside unicode lines, and only in lines alike', () => {
    const d = diffNotebooks(corpus('unicode--1.ipynb'), corpus('unicode--2.ipynb'));
    const lines = d.cells[0].source.hunks.flatMap(h => h.lines);
    // Lines that are replaced by unrelated ones carry no ranges: the whole line changed.
    for (const l of lines.filter(x => x.inline)) {
      const marked = l.inline!.reduce((s, r) => s + r.end - r.start, 0);
      expect(marked).toBeLessThan(l.text.length);
    }
    expect(lines.some(l => l.kind === 'added' && l.text.includes('δ, Σ, and θ'))).toBe(true);
    const a = nb([markdown('Σ = 1 µm and 10⁻⁶ m\n')]);
    const b = nb([markdown('Σ = 2 µm and 10⁻⁶ m\n')]);
    const [removed, added] = diffNotebooks(a, b).cells[0].source.hunks[0].lines;
    expect(removed.inline).toEqual([{ start: 4, end: 5 }]);
    expect(added.text.slice(added.inline![0].start, added.inline![0].end)).toBe('2');
  });

  it('diffs attachments as added, removed and changed', () => {
    const base = corpus('attachment.ipynb');
    const changed = diffNotebooks(base, corpus('attachment--change_attachment.ipynb'));
    expect(changed.cells[0].attachments.map(a => a.op)).toContain('changed');
    const removed = diffNotebooks(base, corpus('attachment--remove_attachment.ipynb'));
    expect(removed.cells[0].attachments.some(a => a.op === 'removed')).toBe(true);
    const back = diffNotebooks(corpus('attachment--remove_attachment.ipynb'), base);
    expect(back.cells[0].attachments.some(a => a.op === 'added')).toBe(true);
  });

  it('reports error outputs with ename and evalue', () => {
    const d = diffNotebooks(corpus('error--1.ipynb'), corpus('error--2.ipynb'));
    const errors = d.cells.flatMap(c => c.outputs).filter(o => o.outputType === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      const side = e.error?.head ?? e.error?.base;
      expect(typeof side?.ename).toBe('string');
      // Tracebacks are plain text: no ANSI escape codes.
      const text = (e.error?.traceback?.hunks ?? []).flatMap(h => h.lines.map(l => l.text));
      expect(text.join('\n')).not.toContain('\u001b[');
    }
  });
});
