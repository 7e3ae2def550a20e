import { metricsOf } from '../../src/rules/metrics';
import { viewOfJson } from '../../src/rules/notebookView';

/** A notebook whose one code cell, tagged pipeline-metrics, has `source` and printed `out`. */
function notebook(source: string, out: string[]) {
  const json = {
    cells: [
      {
        cell_type: 'code',
        id: 'metrics',
        metadata: { tags: ['pipeline-metrics'] },
        source,
        outputs: out.map(text => ({ output_type: 'stream', name: 'stdout', text })),
        execution_count: 1
      }
    ],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5
  };
  return viewOfJson(json, 1000);
}

describe('metrics saved in a pipeline-metrics cell', () => {
  it("reads Kale's cell of print(name) lines, one bare number each, by the names printed", () => {
    // Kale's iris example prints its four metrics this way.
    const nb = notebook(
      'print(precision)\nprint(recall)\n# the F1 score\nprint(f1)\nprint(accuracy)',
      ['0.9666666666666667\n0.9629629629629629\n', '0.9633699633699634\n1.0\n']
    );
    expect(metricsOf(nb).map(m => [m.name, m.value, m.source.output, m.source.line])).toEqual([
      ['precision', 0.9666666666666667, 1, 1],
      ['recall', 0.9629629629629629, 1, 2],
      ['f1', 0.9633699633699634, 2, 1],
      ['accuracy', 1, 2, 2]
    ]);
  });

  it('reads named values as before, and does not guess when prints and lines disagree', () => {
    expect(metricsOf(notebook('print(f"accuracy: {acc}")', ['accuracy: 0.83\n']))).toEqual([
      expect.objectContaining({ name: 'accuracy', value: 0.83 })
    ]);
    // Two prints, one number: which is which cannot be known, so nothing is read.
    expect(metricsOf(notebook('print(precision)\nprint(recall)', ['0.5\n']))).toEqual([]);
    // A print of something else than a name: not Kale's cell; no name: value pair either.
    expect(metricsOf(notebook('print(precision * 100)', ['50.0\n']))).toEqual([]);
  });
});
