/**
 * The notebook diff: one plain-data structure (JSON-serialisable) for the terminal, the API,
 * the review panel and the rules. Base is the older side (production, an earlier revision),
 * head the newer one. Lines and cells are 0-based here; views add 1 for people.
 */

export type CellStatus = 'unchanged' | 'added' | 'removed' | 'modified' | 'moved';

/** A run of characters inside one line that changed (UTF-16 offsets, end exclusive). */
export interface InlineRange {
  start: number;
  end: number;
}

/**
 * One hunk of a line diff. `base`/`head` are the 0-based first line and the line count on
 * each side; `lines` holds every line of the hunk in order, with its kind and, for changed
 * lines paired with a line on the other side, the ranges that differ inside it.
 */
export interface Hunk {
  base: { start: number; count: number };
  head: { start: number; count: number };
  lines: DiffLine[];
}

export interface DiffLine {
  kind: 'context' | 'removed' | 'added';
  text: string;
  /** 0-based line in base (context and removed) and in head (context and added). */
  baseLine?: number;
  headLine?: number;
  /** Changed characters inside this line, against its paired line on the other side. */
  inline?: InlineRange[];
}

/** A text diff of one field (a cell source, a stream output, a text/html value). */
export interface TextDiff {
  /** Unchanged text is reported as `changed: false` with no hunks. */
  changed: boolean;
  hunks: Hunk[];
  /** Set when the engine gave a coarser answer to stay within budget (see `Coarse`). */
  coarse?: Coarse;
}

/** Why an answer is coarser than asked for, in words a reviewer reads. */
export interface Coarse {
  reason: 'too_large' | 'line_too_long' | 'time_budget' | 'binary';
  message: string;
}

/** One key of a JSON object that changed (metadata, notebook metadata). */
export interface ValueChange {
  /** Path of keys from the object diffed, e.g. ["nbpromote", "resources", "cpu"]. */
  path: string[];
  op: 'added' | 'removed' | 'changed';
  base?: unknown;
  head?: unknown;
}

/** A mime bundle entry compared inside an output. */
export interface MimeChange {
  mime: string;
  op: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Text mimetypes (text/*, application/json, ...): a line diff. */
  text?: TextDiff;
  /** Binary mimetypes (image/*, ...): compared by hash, never as text. */
  binary?: { baseBytes?: number; headBytes?: number; baseSha256?: string; headSha256?: string };
}

export interface OutputDiff {
  op: 'added' | 'removed' | 'modified' | 'unchanged';
  /** 0-based index in each side's outputs. */
  baseIndex?: number;
  headIndex?: number;
  outputType: 'stream' | 'display_data' | 'execute_result' | 'error';
  /** stream: name (stdout/stderr) and text diff. */
  stream?: { name: string; text: TextDiff };
  /** display_data / execute_result. */
  data?: MimeChange[];
  /** error: ename and evalue of each side; traceback as text (ANSI codes stripped). */
  error?: {
    base?: { ename: string; evalue: string };
    head?: { ename: string; evalue: string };
    traceback?: TextDiff;
  };
  metadata?: ValueChange[];
  /** execute_result: its execution count on each side, when it differs. */
  executionCount?: { base: number | null; head: number | null };
}

export interface AttachmentChange {
  name: string;
  op: 'added' | 'removed' | 'changed';
  mimes: string[];
}

export interface CellDiff {
  status: CellStatus;
  cellType: 'code' | 'markdown' | 'raw';
  /** 0-based positions; absent on the side the cell is not in. */
  baseIndex?: number;
  headIndex?: number;
  baseId?: string;
  headId?: string;
  /** Pipeline step of the cell on each side (from its tags and the cells above), if any. */
  baseStep?: string;
  headStep?: string;
  /** True for a moved cell whose content also changed. */
  edited: boolean;
  source: TextDiff;
  executionCount?: { base: number | null; head: number | null };
  outputs: OutputDiff[];
  /** `metadata.tags` apart from the other metadata: a step:/prev: tag is a pipeline change. */
  tags?: { added: string[]; removed: string[] };
  metadata: ValueChange[];
  attachments: AttachmentChange[];
  /** Coarser answers given inside this cell (large outputs, long lines). */
  coarse: Coarse[];
}

export interface DiffOptions {
  ignoreOutputs?: boolean;
  ignoreExecutionCounts?: boolean;
  ignoreMetadata?: boolean;
  ignoreIds?: boolean;
  ignoreWhitespace?: boolean;
  /** Context lines around a hunk (default 3). */
  context?: number;
}

/** The cell-by-cell diff of two notebooks. */
export interface NotebookDiff {
  /** True when nothing differs under the options given. */
  identical: boolean;
  /** Every cell of both sides, in head order, with removed cells where they stood in base. */
  cells: CellDiff[];
  metadata: ValueChange[];
  nbformat?: { base: string; head: string };
  counts: Record<CellStatus, number>;
  /** Coarser answers anywhere in the diff, and why; empty when the diff is exact. */
  coarse: Coarse[];
  options: DiffOptions;
}

export interface ListChange<T> {
  added: T[];
  removed: T[];
}

export interface StepChange {
  name: string;
  op: 'added' | 'removed' | 'changed';
  /** Cell ids of the step on each side. */
  baseCells: string[];
  headCells: string[];
  /** Cell ids in head (or base, when removed) whose source or tags changed. */
  changedCells: string[];
  inputs?: ListChange<string>;
  outputs?: ListChange<string>;
  dependsOn?: ListChange<string>;
  parameters?: ListChange<string>;
  resources?: ValueChange[];
  image?: { base?: string; head?: string };
  retries?: { base?: number; head?: number };
  /** An added step holding most of a removed step's cells: the removed step's name. */
  renamedFrom?: string;
  /** A removed step whose cells now form an added step: that step's name. */
  renamedTo?: string;
}

export interface ParameterChange {
  name: string;
  op: 'added' | 'removed' | 'changed';
  base?: { type: string; default: unknown };
  head?: { type: string; default: unknown };
}

/**
 * One parameter value set for one environment (`environments.<env>.parameters` of the
 * notebook settings) that came, went or changed: runs there use it over the default.
 */
export interface EnvironmentParameterChange {
  environment: string;
  name: string;
  op: 'added' | 'removed' | 'changed';
  base?: unknown;
  head?: unknown;
}

export interface RequirementChange {
  /** The distribution name, normalised (PEP 503). */
  name: string;
  op: 'added' | 'removed' | 'changed';
  base?: string;
  head?: string;
}

export interface FileChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
}

/** What changed in the pipeline that will run in production. */
export interface PipelineDiff {
  /** True when nothing below changed. */
  identical: boolean;
  steps: StepChange[];
  /** Edges `from -> to` of the step graph. */
  edges: ListChange<{ from: string; to: string }>;
  parameters: ParameterChange[];
  /** Per-environment parameter values, by environment then name. */
  environmentParameters?: EnvironmentParameterChange[];
  metrics: ListChange<string>;
  requirements: RequirementChange[];
  schedule?: { base: string | null; head: string | null };
  /** owner, description, environment, project, algorithm. */
  settings: ValueChange[];
  /** Generated bundle files that differ. */
  files: FileChange[];
  /**
   * True when only outputs or execution counts changed (no code or pipeline change), and also
   * when nothing changed at all; false against an empty base. Approvals can stand.
   */
  outputsOnly: boolean;
  /** The bundle's version on each side, when it differs (not a pipeline change by itself). */
  version?: { base: string | null; head: string };
}

/** What the API answers and the CLI prints with --json: the pipeline first. */
export interface ReviewDiff {
  base: { label: string; notebookSha256: string | null; revision?: number };
  head: { label: string; notebookSha256: string; revision?: number };
  pipeline: PipelineDiff;
  notebook: NotebookDiff;
}
