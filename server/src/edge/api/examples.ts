/**
 * A small tagged notebook that converts cleanly: the request body examples of the document,
 * so a client (or a fuzzer's examples phase) can create a request and follow its id.
 */
export const EXAMPLE_CELL_ID = 'train-model';

const code = (id: string, source: string, tags: string[]) => ({
  cell_type: 'code',
  id,
  metadata: { tags },
  source,
  outputs: [],
  execution_count: null
});

export const EXAMPLE_NOTEBOOK = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {
    kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' },
    nbpromote: { project: 'example', algorithm: 'threshold' }
  },
  cells: [
    code('load-data', 'values = [3, 1, 4, 1, 5, 9, 2, 6]', ['step:load']),
    code(EXAMPLE_CELL_ID, 'threshold = sorted(values)[len(values) // 2]', ['step:train'])
  ]
};
