import { diffNotebooks, parseNotebook } from '../../src/diff';
import { InputError, PayloadTooLargeError } from '../../src/errors';
import { clone, code, corpus, markdown, nb, shape } from './support';

const ML = `${__dirname}/../../../../shared/corpus/ml`;

function withIds(n: ReturnType<typeof nb>, prefix: string) {
  const c = clone(n);
  c.cells.forEach((cell, i) => (cell.id = `${prefix}${i}`));
  c.nbformat_minor = 5;
  return c;
}

describe('cell ids, moves and re-runs', () => {
  const base = nb([
    code('import pandas as pd', { id: 'imports' }),
    code('df = pd.read_csv("train.csv")\ndf.head()', { id: 'load' }),
    code('df = df.dropna()\nprint(len(df))', { id: 'clean' }),
    markdown('## Model', { id: 'md' }),
    code('model = fit(df)', { id: 'fit' })
  ]);

  it('aligns by id and reports a cell moved by id, with its edits', () => {
    const head = clone(base);
    const [clean] = head.cells.splice(2, 1);
    clean.source = 'df = df.dropna()\nprint(df.shape)';
    head.cells.push(clean);
    const d = diffNotebooks(base, head);
    expect(shape(d)).toEqual([
      'unchanged:0>0',
      'unchanged:1>1',
      'unchanged:3>2',
      'unchanged:4>3',
      'moved*:2>4'
    ]);
    expect(d.cells[4].baseId).toBe('clean');
    expect(d.cells[4].source.changed).toBe(true);
  });

  it('aligns cells by content when every id was renumbered; ignoreIds hides the new ids', () => {
    const head = withIds(base, 'new-');
    const d = diffNotebooks(base, head);
    expect(d.counts.added + d.counts.removed + d.counts.moved).toBe(0);
    expect(d.cells.every(c => c.status === 'modified' && c.baseId !== c.headId)).toBe(true);
    expect(diffNotebooks(base, head, { ignoreIds: true }).identical).toBe(true);
  });

  it('aligns cells without ids by content, and a cell whose id was lost still matches', () => {
    const noIds = clone(base);
    noIds.cells.forEach(c => delete c.id);
    noIds.nbformat_minor = 4;
    const d = diffNotebooks(noIds, base, { ignoreIds: false });
    expect(d.counts.added + d.counts.removed + d.counts.moved).toBe(0);
    const moved = clone(noIds);
    moved.cells.reverse();
    expect(diffNotebooks(noIds, moved).counts.moved).toBe(4);
  });

  it('shows a re-run notebook as counts and outputs only; the ignore options hide them', () => {
    const a = nb([code('print(1)', { execution_count: 1, outputs: [] }), code('2 + 2')]);
    const b = clone(a);
    b.cells[0].execution_count = 7;
    b.cells[0].outputs = [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }];
    b.cells[1].execution_count = 8;
    b.cells[1].outputs = [
      {
        output_type: 'execute_result',
        execution_count: 8,
        metadata: {},
        data: { 'text/plain': '4' }
      }
    ];
    const d = diffNotebooks(a, b);
    expect(d.counts.modified).toBe(2);
    expect(d.cells.every(c => !c.source.changed)).toBe(true);
    expect(d.cells[0].executionCount).toEqual({ base: 1, head: 7 });
    expect(d.cells[0].outputs).toEqual([
      expect.objectContaining({ op: 'added', outputType: 'stream', headIndex: 0 })
    ]);
    expect(d.cells[1].outputs[0].executionCount).toEqual({ base: null, head: 8 });
    const quiet = diffNotebooks(a, b, { ignoreOutputs: true, ignoreExecutionCounts: true });
    expect(quiet.identical).toBe(true);
    expect(diffNotebooks(a, b, { ignoreOutputs: true }).counts.modified).toBe(2);
  });

  it('ignores metadata and whitespace-only changes when asked', () => {
    const a = nb([code('x = 1\ny = 2', { metadata: { collapsed: true } })], {
      kernelspec: { name: 'py3' }
    });
    const b = nb([code('x  =  1\n\ny = 2   ', { metadata: { collapsed: false } })], {
      kernelspec: { name: 'py311' }
    });
    const d = diffNotebooks(a, b);
    expect(d.metadata).toEqual([
      { path: ['kernelspec', 'name'], op: 'changed', base: 'py3', head: 'py311' }
    ]);
    expect(d.cells[0].metadata).toEqual([
      { path: ['collapsed'], op: 'changed', base: true, head: false }
    ]);
    expect(d.cells[0].source.changed).toBe(true);
    const quiet = diffNotebooks(a, b, { ignoreMetadata: true, ignoreWhitespace: true });
    expect(quiet.identical).toBe(true);
  });

  it('keeps tags apart from the other metadata', () => {
    const a = nb([code('train()', { metadata: { tags: ['step:train'] } })]);
    const b = nb([code('train()', { metadata: { tags: ['step:fit', 'prev:load'] } })]);
    const d = diffNotebooks(a, b, { ignoreMetadata: true });
    expect(d.cells[0].tags).toEqual({ added: ['step:fit', 'prev:load'], removed: ['step:train'] });
    expect(d.cells[0].metadata).toEqual([]);
    expect(d.cells[0].baseStep).toBe('train');
    expect(d.cells[0].headStep).toBe('fit');
  });

  it("does not report JupyterLab's transient trusted flag as a metadata change", () => {
    const a = nb([code('train()', { metadata: { tags: ['step:train'] } })]);
    const b = nb([code('train()', { metadata: { tags: ['step:train'], trusted: true } })]);
    expect(diffNotebooks(a, b).identical).toBe(true);
    const c = nb([code('train()', { metadata: { trusted: true, owner: 'ada' } })]);
    expect(diffNotebooks(a, c).cells[0].metadata).toEqual([
      { path: ['owner'], op: 'added', head: 'ada' }
    ]);
  });
});

describe('outputs', () => {
  const png = (bytes: number, fill: string) => Buffer.alloc(bytes, fill).toString('base64');

  it('compares images by hash with both sizes, never as text', () => {
    const out = (data: string) => ({
      output_type: 'display_data',
      metadata: {},
      data: { 'image/png': data, 'text/plain': '<Figure>' }
    });
    const a = nb([code('plot()', { outputs: [out(png(3000, 'a'))] })]);
    const b = nb([code('plot()', { outputs: [out(png(4500, 'b'))] })]);
    const [o] = diffNotebooks(a, b).cells[0].outputs;
    const image = o.data!.find(m => m.mime === 'image/png')!;
    expect(image.op).toBe('changed');
    expect(image.text).toBeUndefined();
    expect(image.binary).toMatchObject({ baseBytes: 3000, headBytes: 4500 });
    expect(image.binary!.baseSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(image.binary!.baseSha256).not.toBe(image.binary!.headSha256);
    expect(o.data!.find(m => m.mime === 'text/plain')!.op).toBe('unchanged');
  });

  it('diffs text/html and JSON outputs as text', () => {
    const a = nb([
      code('df', {
        outputs: [
          {
            output_type: 'display_data',
            metadata: {},
            data: {
              'text/html': '<table>\n<tr><td>1</td></tr>\n</table>',
              'application/json': { a: 1 }
            }
          }
        ]
      })
    ]);
    const b = clone(a);
    const data = (b.cells[0].outputs as { data: Record<string, unknown> }[])[0].data;
    data['text/html'] = '<table>\n<tr><td>2</td></tr>\n</table>';
    data['application/json'] = { a: 2 };
    const [o] = diffNotebooks(a, b).cells[0].outputs;
    const html = o.data!.find(m => m.mime === 'text/html')!;
    expect(html.text!.hunks[0].lines.filter(l => l.kind !== 'context').map(l => l.text)).toEqual([
      '<tr><td>1</td></tr>',
      '<tr><td>2</td></tr>'
    ]);
    expect(o.data!.find(m => m.mime === 'application/json')!.text!.changed).toBe(true);
  });
});

describe('budgets', () => {
  it('does not diff a huge output line by line and says so', () => {
    const big = (ch: string) => `${ch.repeat(99)}\n`.repeat(15_000);
    const a = nb([
      code('print(x)', { outputs: [{ output_type: 'stream', name: 'stdout', text: big('a') }] })
    ]);
    const b = nb([
      code('print(x)', { outputs: [{ output_type: 'stream', name: 'stdout', text: big('b') }] })
    ]);
    const d = diffNotebooks(a, b);
    const text = d.cells[0].outputs[0].stream!.text;
    expect(text.changed).toBe(true);
    expect(text.hunks).toEqual([]);
    expect(text.coarse).toEqual({
      reason: 'too_large',
      message: 'output of 1.4 MB changed; not diffed line by line'
    });
    expect(d.coarse).toContainEqual(text.coarse);
  });

  it('marks a very long changed line as one range', () => {
    const line = (c: string) => `x = "${'a'.repeat(30_000)}${c}${'b'.repeat(30_000)}"`;
    const d = diffNotebooks(nb([code(line('1'))]), nb([code(line('2'))]));
    const src = d.cells[0].source;
    expect(src.coarse?.reason).toBe('line_too_long');
    const removed = src.hunks[0].lines[0];
    expect(removed.inline).toEqual([{ start: 30_005, end: 30_006 }]);
  });

  it('diffs two unrelated notebooks of thousands of cells within the budget', () => {
    const cells = (seed: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        code(`v_${seed}_${i} = compute_${seed}(${i})\nprint(v_${seed}_${i})`)
      );
    const t = Date.now();
    const d = diffNotebooks(nb(cells('a', 3000)), nb(cells('b', 3000)));
    expect(Date.now() - t).toBeLessThan(5000);
    expect(d.cells.length).toBeGreaterThanOrEqual(3000);
    expect(d.identical).toBe(false);
  });

  it('answers fast and empty for identical real notebooks', () => {
    const n = corpus('dsin_titanic.ipynb', ML);
    const t = Date.now();
    const d = diffNotebooks(n, clone(n));
    expect(Date.now() - t).toBeLessThan(1000);
    expect(d.identical).toBe(true);
    expect(d.coarse).toEqual([]);
  });
});

describe('bad input', () => {
  it('names the side and the reason', () => {
    const v3 = { nbformat: 3, nbformat_minor: 0, worksheets: [], metadata: {} };
    expect(() => diffNotebooks(v3, nb([]))).toThrow(/The base notebook is nbformat 3/);
    expect(() => diffNotebooks(nb([]), [])).toThrow(/The head notebook is not a notebook/);
    expect(() => diffNotebooks(nb([]), nb([{ cell_type: 'widget' }]))).toThrow(
      /The head notebook has a cell 1 with an unknown cell_type "widget"/
    );
    expect(() => parseNotebook('{"cells": [', 'head')).toThrow(InputError);
    expect(() => parseNotebook('{"cells": [', 'head')).toThrow(
      /The head notebook is not valid JSON/
    );
    expect(() => parseNotebook(JSON.stringify(nb([])), 'base', 10)).toThrow(PayloadTooLargeError);
  });
});
