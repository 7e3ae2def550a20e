/**
 * The notebook diff: one plain-data structure (JSON-serialisable) for the terminal, the API,
 * the review panel and the rules. Base is the older side (production, an earlier revision),
 * head the newer one. Lines and cells are 0-based here; views add 1 for people.
 *
 * Each shape is declared once, in TypeBox: its type (`Static`) is what the engine builds and
 * its schema is what the review contract publishes (DIFF_SCHEMAS, by component name).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import {
  anyValue,
  bool,
  closed,
  int,
  nullableInt,
  nullableString,
  oneOf,
  ref,
  str,
  strings,
  type Static
} from '../shapes';

const opt = Type.Optional;
const changeOp = oneOf(['added', 'removed', 'changed']);
const list = <T extends TSchema>(items: T) => Type.Array(items);

const CellStatusSchema = oneOf(['unchanged', 'added', 'removed', 'modified', 'moved']);
export type CellStatus = Static<typeof CellStatusSchema>;

/** A run of characters inside one line that changed (UTF-16 offsets, end exclusive). */
const InlineRange = Type.Object({ start: int, end: int }, closed);
export type InlineRange = Static<typeof InlineRange>;

/**
 * One line of a hunk: its kind, its 0-based line in base (context and removed) and in head
 * (context and added), and for changed lines paired with a line on the other side, the
 * ranges that differ inside it.
 */
const DiffLine = Type.Object(
  {
    kind: oneOf(['context', 'removed', 'added']),
    text: str,
    baseLine: opt(int),
    headLine: opt(int),
    inline: opt(list(InlineRange))
  },
  closed
);
export type DiffLine = Static<typeof DiffLine>;

/** One hunk of a line diff: the 0-based first line and the line count on each side. */
const range = Type.Object({ start: int, count: int }, closed);
const Hunk = Type.Object({ base: range, head: range, lines: list(DiffLine) }, closed);
export type Hunk = Static<typeof Hunk>;

/** Why an answer is coarser than asked for, in words a reviewer reads. */
const DiffCoarse = Type.Object(
  { reason: oneOf(['too_large', 'line_too_long', 'time_budget', 'binary']), message: str },
  closed
);
export type Coarse = Static<typeof DiffCoarse>;
const coarse = ref('DiffCoarse', DiffCoarse);

/**
 * A text diff of one field (a cell source, a stream output, a text/html value). Unchanged
 * text is `changed: false` with no hunks; `coarse` is set when the engine gave a coarser
 * answer to stay within budget.
 */
const TextDiff = Type.Object({ changed: bool, hunks: list(Hunk), coarse: opt(coarse) }, closed);
export type TextDiff = Static<typeof TextDiff>;
const textDiff = ref('TextDiff', TextDiff);

/** One key of a JSON object that changed; `path` from the object diffed, e.g. ["nbpromote", "cpu"]. */
const ValueChange = Type.Object(
  { path: strings, op: changeOp, base: opt(anyValue), head: opt(anyValue) },
  closed
);
export type ValueChange = Static<typeof ValueChange>;
const valueChanges = list(ref('ValueChange', ValueChange));

/**
 * A mime bundle entry compared inside an output: text mimetypes (text/*, application/json,
 * ...) as a line diff, binary ones (image/*, ...) by hash, never as text.
 */
const MimeChange = Type.Object(
  {
    mime: str,
    op: oneOf(['added', 'removed', 'changed', 'unchanged']),
    text: opt(textDiff),
    binary: opt(
      Type.Object(
        {
          baseBytes: opt(int),
          headBytes: opt(int),
          baseSha256: opt(str),
          headSha256: opt(str)
        },
        closed
      )
    )
  },
  closed
);
export type MimeChange = Static<typeof MimeChange>;

const errorSide = Type.Object({ ename: str, evalue: str }, closed);
const executionCounts = Type.Object({ base: nullableInt(), head: nullableInt() }, closed);

/**
 * One output compared: 0-based index in each side's outputs; a stream's name and text diff;
 * display data's mime entries; an error's ename and evalue on each side and its traceback as
 * text (ANSI codes stripped); an execute_result's execution count on each side when it differs.
 */
const OutputDiff = Type.Object(
  {
    op: oneOf(['added', 'removed', 'modified', 'unchanged']),
    baseIndex: opt(int),
    headIndex: opt(int),
    outputType: oneOf(['stream', 'display_data', 'execute_result', 'error']),
    stream: opt(Type.Object({ name: str, text: textDiff }, closed)),
    data: opt(list(MimeChange)),
    error: opt(
      Type.Object({ base: opt(errorSide), head: opt(errorSide), traceback: opt(textDiff) }, closed)
    ),
    metadata: opt(valueChanges),
    executionCount: opt(executionCounts)
  },
  closed
);
export type OutputDiff = Static<typeof OutputDiff>;

const AttachmentChange = Type.Object({ name: str, op: changeOp, mimes: strings }, closed);
export type AttachmentChange = Static<typeof AttachmentChange>;

/**
 * One cell of both sides: 0-based positions and ids (absent on the side the cell is not in),
 * its pipeline step on each side (from its tags and the cells above), `edited` for a moved
 * cell whose content also changed, `metadata.tags` apart from the other metadata (a step: or
 * prev: tag is a pipeline change), and the coarser answers given inside it.
 */
const CellDiff = Type.Object(
  {
    status: CellStatusSchema,
    cellType: oneOf(['code', 'markdown', 'raw']),
    baseIndex: opt(int),
    headIndex: opt(int),
    baseId: opt(str),
    headId: opt(str),
    baseStep: opt(str),
    headStep: opt(str),
    edited: bool,
    source: textDiff,
    executionCount: opt(executionCounts),
    outputs: list(ref('OutputDiff', OutputDiff)),
    tags: opt(Type.Object({ added: strings, removed: strings }, closed)),
    metadata: valueChanges,
    attachments: list(AttachmentChange),
    coarse: list(coarse)
  },
  closed
);
export type CellDiff = Static<typeof CellDiff>;

/** What the notebook diff ignores; `context` is the lines around a hunk (default 3). */
const DiffOptions = Type.Object(
  {
    ignoreOutputs: opt(bool),
    ignoreExecutionCounts: opt(bool),
    ignoreMetadata: opt(bool),
    ignoreIds: opt(bool),
    ignoreWhitespace: opt(bool),
    context: opt(int)
  },
  closed
);
export type DiffOptions = Static<typeof DiffOptions>;

/**
 * The cell-by-cell diff of two notebooks: `identical` when nothing differs under the options
 * given; every cell of both sides in head order, removed cells where they stood in base; the
 * coarser answers anywhere in it (empty when exact).
 */
const NotebookDiff = Type.Object(
  {
    identical: bool,
    cells: list(ref('CellDiff', CellDiff)),
    metadata: valueChanges,
    nbformat: opt(Type.Object({ base: str, head: str }, closed)),
    counts: Type.Object(
      { unchanged: int, added: int, removed: int, modified: int, moved: int },
      closed
    ),
    coarse: list(coarse),
    options: DiffOptions
  },
  closed
);
export type NotebookDiff = Static<typeof NotebookDiff>;

const listChange = <T extends TSchema>(items: T) =>
  Type.Object({ added: list(items), removed: list(items) }, closed);
export type ListChange<T> = { added: T[]; removed: T[] };
const sides = <T extends TSchema>(schema: T) =>
  Type.Object({ base: opt(schema), head: opt(schema) }, closed);

/**
 * One step of the pipeline that changed: its cell ids on each side, the cells in head (or
 * base, when removed) whose source or tags changed; for a rename, the other step's name
 * (`renamedFrom` on the added step holding most of a removed step's cells, `renamedTo` on
 * that removed step).
 */
const StepChange = Type.Object(
  {
    name: str,
    op: changeOp,
    baseCells: strings,
    headCells: strings,
    changedCells: strings,
    inputs: opt(listChange(str)),
    outputs: opt(listChange(str)),
    dependsOn: opt(listChange(str)),
    parameters: opt(listChange(str)),
    resources: opt(valueChanges),
    image: opt(sides(str)),
    retries: opt(sides(int)),
    renamedFrom: opt(str),
    renamedTo: opt(str)
  },
  closed
);
export type StepChange = Static<typeof StepChange>;

const parameterSide = Type.Object({ type: str, default: anyValue }, closed);
const ParameterChange = Type.Object(
  { name: str, op: changeOp, base: opt(parameterSide), head: opt(parameterSide) },
  closed
);
export type ParameterChange = Static<typeof ParameterChange>;

/**
 * One parameter value set for one environment (`environments.<env>.parameters` of the
 * notebook settings) that came, went or changed: runs there use it over the default.
 */
const EnvironmentParameterChange = Type.Object(
  { environment: str, name: str, op: changeOp, base: opt(anyValue), head: opt(anyValue) },
  closed
);
export type EnvironmentParameterChange = Static<typeof EnvironmentParameterChange>;

/** A requirement whose distribution name (normalised, PEP 503) came, went or changed. */
const RequirementChange = Type.Object(
  { name: str, op: changeOp, base: opt(str), head: opt(str) },
  closed
);
export type RequirementChange = Static<typeof RequirementChange>;

const FileChange = Type.Object({ path: str, op: changeOp }, closed);
export type FileChange = Static<typeof FileChange>;

/**
 * What changed in the pipeline that will run in production: steps, edges `from -> to` of the
 * step graph, parameters and their per-environment values, settings (owner, description,
 * environment, project, algorithm), generated bundle files. `outputsOnly` is true when only
 * outputs or execution counts changed (approvals can stand), and when nothing changed at all;
 * false against an empty base. `version`: the bundle's version on each side, when it differs.
 */
const PipelineDiff = Type.Object(
  {
    identical: bool,
    steps: list(StepChange),
    edges: listChange(Type.Object({ from: str, to: str }, closed)),
    parameters: list(ParameterChange),
    environmentParameters: opt(list(EnvironmentParameterChange)),
    metrics: listChange(str),
    requirements: list(RequirementChange),
    schedule: opt(Type.Object({ base: nullableString(), head: nullableString() }, closed)),
    settings: valueChanges,
    files: list(FileChange),
    outputsOnly: bool,
    version: opt(Type.Object({ base: nullableString(), head: str }, closed))
  },
  closed
);
export type PipelineDiff = Static<typeof PipelineDiff>;

/** What the API answers and the CLI prints with --json: the pipeline first. */
const ReviewDiff = Type.Object(
  {
    base: Type.Object({ label: str, notebookSha256: nullableString(), revision: opt(int) }, closed),
    head: Type.Object({ label: str, notebookSha256: str, revision: opt(int) }, closed),
    pipeline: ref('PipelineDiff', PipelineDiff),
    notebook: ref('NotebookDiff', NotebookDiff)
  },
  closed
);
export type ReviewDiff = Static<typeof ReviewDiff>;

/** The diff's shapes as components of the OpenAPI document, by the names `ref` uses. */
export const DIFF_SCHEMAS = {
  DiffCoarse,
  ValueChange,
  TextDiff,
  OutputDiff,
  CellDiff,
  NotebookDiff,
  PipelineDiff,
  ReviewDiff
};
