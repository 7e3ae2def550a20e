/** JSON Schemas of the diff answer (`ReviewDiff`, server/src/diff/types.ts). */
import { int, object, ref, str, strings } from './responseSchema';

const bool = { type: 'boolean' } as const;
const ops = (...values: string[]) => ({ type: 'string', enum: values });
const list = (items: unknown) => ({ type: 'array', items });

const sides = (schema: unknown) => object({ base: schema, head: schema }, ['base', 'head']);
const listChange = (items: unknown) => object({ added: list(items), removed: list(items) });
const nullableInt = { type: ['integer', 'null'] };
const range = object({ start: int, count: int });
const coarse = object({
  reason: ops('too_large', 'line_too_long', 'time_budget', 'binary'),
  message: str
});

export const DIFF_RESPONSES: Record<string, object> = {
  DiffCoarse: coarse,
  ValueChange: object(
    { path: strings, op: ops('added', 'removed', 'changed'), base: {}, head: {} },
    ['base', 'head']
  ),
  TextDiff: object(
    {
      changed: bool,
      hunks: list(
        object({
          base: range,
          head: range,
          lines: list(
            object(
              {
                kind: ops('context', 'removed', 'added'),
                text: str,
                baseLine: int,
                headLine: int,
                inline: list(object({ start: int, end: int }))
              },
              ['baseLine', 'headLine', 'inline']
            )
          )
        })
      ),
      coarse: ref('DiffCoarse')
    },
    ['coarse']
  ),
  OutputDiff: object(
    {
      op: ops('added', 'removed', 'modified', 'unchanged'),
      baseIndex: int,
      headIndex: int,
      outputType: ops('stream', 'display_data', 'execute_result', 'error'),
      stream: object({ name: str, text: ref('TextDiff') }),
      data: list(
        object(
          {
            mime: str,
            op: ops('added', 'removed', 'changed', 'unchanged'),
            text: ref('TextDiff'),
            binary: object({ baseBytes: int, headBytes: int, baseSha256: str, headSha256: str }, [
              'baseBytes',
              'headBytes',
              'baseSha256',
              'headSha256'
            ])
          },
          ['text', 'binary']
        )
      ),
      error: object(
        {
          base: object({ ename: str, evalue: str }),
          head: object({ ename: str, evalue: str }),
          traceback: ref('TextDiff')
        },
        ['base', 'head', 'traceback']
      ),
      metadata: list(ref('ValueChange')),
      executionCount: object({ base: nullableInt, head: nullableInt })
    },
    ['baseIndex', 'headIndex', 'stream', 'data', 'error', 'metadata', 'executionCount']
  ),
  CellDiff: object(
    {
      status: ops('unchanged', 'added', 'removed', 'modified', 'moved'),
      cellType: ops('code', 'markdown', 'raw'),
      baseIndex: int,
      headIndex: int,
      baseId: str,
      headId: str,
      baseStep: str,
      headStep: str,
      edited: bool,
      source: ref('TextDiff'),
      executionCount: object({ base: nullableInt, head: nullableInt }),
      outputs: list(ref('OutputDiff')),
      tags: object({ added: strings, removed: strings }),
      metadata: list(ref('ValueChange')),
      attachments: list(
        object({ name: str, op: ops('added', 'removed', 'changed'), mimes: strings })
      ),
      coarse: list(ref('DiffCoarse'))
    },
    ['baseIndex', 'headIndex', 'baseId', 'headId', 'baseStep', 'headStep', 'executionCount', 'tags']
  ),
  NotebookDiff: object(
    {
      identical: bool,
      cells: list(ref('CellDiff')),
      metadata: list(ref('ValueChange')),
      nbformat: object({ base: str, head: str }),
      counts: object({ unchanged: int, added: int, removed: int, modified: int, moved: int }),
      coarse: list(ref('DiffCoarse')),
      options: object(
        {
          ignoreOutputs: bool,
          ignoreExecutionCounts: bool,
          ignoreMetadata: bool,
          ignoreIds: bool,
          ignoreWhitespace: bool,
          context: int
        },
        [
          'ignoreOutputs',
          'ignoreExecutionCounts',
          'ignoreMetadata',
          'ignoreIds',
          'ignoreWhitespace',
          'context'
        ]
      )
    },
    ['nbformat']
  ),
  PipelineDiff: object(
    {
      identical: bool,
      steps: list(
        object(
          {
            name: str,
            op: ops('added', 'removed', 'changed'),
            baseCells: strings,
            headCells: strings,
            changedCells: strings,
            inputs: listChange(str),
            outputs: listChange(str),
            dependsOn: listChange(str),
            parameters: listChange(str),
            resources: list(ref('ValueChange')),
            image: sides(str),
            retries: sides(int),
            renamedFrom: str,
            renamedTo: str
          },
          [
            'inputs',
            'outputs',
            'dependsOn',
            'parameters',
            'resources',
            'image',
            'retries',
            'renamedFrom',
            'renamedTo'
          ]
        )
      ),
      edges: listChange(object({ from: str, to: str })),
      parameters: list(
        object(
          {
            name: str,
            op: ops('added', 'removed', 'changed'),
            base: object({ type: str, default: {} }),
            head: object({ type: str, default: {} })
          },
          ['base', 'head']
        )
      ),
      environmentParameters: list(
        object(
          {
            environment: str,
            name: str,
            op: ops('added', 'removed', 'changed'),
            base: {},
            head: {}
          },
          ['base', 'head']
        )
      ),
      metrics: listChange(str),
      requirements: list(
        object({ name: str, op: ops('added', 'removed', 'changed'), base: str, head: str }, [
          'base',
          'head'
        ])
      ),
      schedule: object({ base: { type: ['string', 'null'] }, head: { type: ['string', 'null'] } }),
      settings: list(ref('ValueChange')),
      files: list(object({ path: str, op: ops('added', 'removed', 'changed') })),
      outputsOnly: bool,
      version: object({ base: { type: ['string', 'null'] }, head: str })
    },
    ['environmentParameters', 'schedule', 'version']
  ),
  ReviewDiff: object({
    base: object({ label: str, notebookSha256: { type: ['string', 'null'] }, revision: int }, [
      'revision'
    ]),
    head: object({ label: str, notebookSha256: str, revision: int }, ['revision']),
    pipeline: ref('PipelineDiff'),
    notebook: ref('NotebookDiff')
  })
};
