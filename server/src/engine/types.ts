/** Shared shapes of the conversion engine. Plain data: JSON-serialisable throughout. */
import { Type } from '@sinclair/typebox';
import { closed, int, oneOf, str, type Static } from '../shapes';

/** Per-step container settings, from Kale's tags and notebook defaults (see podSettings). */
export interface PodSettings {
  /** Kubernetes resource name -> quantity, e.g. {"nvidia.com/gpu": "2", "memory": "4Gi"}. */
  limits?: Record<string, string>;
  image?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  cache?: boolean;
}

/** A volume Kale mounts into every step (`metadata.kubeflow_notebook.volumes`). */
export interface VolumeSpec {
  name: string;
  mount_point: string;
  type: string;
  /** Kubernetes quantity, from Kale's `size` and `size_type`. */
  size?: string;
  annotations?: Record<string, string>;
}

const SeveritySchema = oneOf(['error', 'warning']);
export type Severity = Static<typeof SeveritySchema>;

/**
 * One thing wrong (or worth knowing) about a notebook, located as precisely as we can: a
 * stable machine-readable `code` (e.g. `undefined_name`), the 1-based cell number as a human
 * counts cells in JupyterLab, the 1-based line inside the cell source.
 */
export const ProblemSchema = Type.Object(
  {
    severity: SeveritySchema,
    code: str,
    message: str,
    cell: Type.Optional(int),
    cellId: Type.Optional(str),
    line: Type.Optional(int),
    step: Type.Optional(str),
    variable: Type.Optional(str)
  },
  closed
);
export type Problem = Static<typeof ProblemSchema>;

export type CellKind =
  | 'step'
  | 'skip'
  | 'imports'
  | 'functions'
  | 'parameters'
  | 'metrics'
  | 'injected'
  | 'markdown'
  | 'raw';

/** A cell after reading and tag interpretation. */
export interface NotebookCell {
  /** 0-based position in the notebook. */
  index: number;
  id: string;
  cellType: 'code' | 'markdown' | 'raw';
  source: string;
  tags: string[];
  /** `metadata.nbpromote` of the cell (validated). */
  settings: CellSettings;
  /** Step settings from the cell's Kale tags (limit:, image:, annotation:, label:, cache:). */
  pod?: PodSettings;
}

export interface Resources {
  cpu?: string | number;
  memory?: string;
  gpu?: number;
}

export interface CellSettings extends Omit<PodSettings, 'image'> {
  resources?: Resources;
  image?: string;
  retries?: number;
  role?: string;
}

export interface NotebookSettings {
  project?: string;
  algorithm?: string;
  owner?: string;
  description?: string;
  environment?: 'dev' | 'stage' | 'prod';
  schedule?: string;
  requirements?: string[];
  version?: string;
  /** Per use case schedules; `schedule` is training's when this does not name it. */
  schedules?: { training?: string; prediction?: string; evaluation?: string };
  operator?: 'local' | 'kubernetes';
  /** Container registry of the bundle's image (admin settings take precedence). */
  registry?: string;
  environments?: Partial<
    Record<'dev' | 'stage' | 'prod', { parameters?: Record<string, unknown>; root?: string }>
  >;
}

/** The notebook as the engine sees it: validated nbformat 4, ids present. */
export interface ParsedNotebook {
  /** The nbformat 4 JSON object, ids filled in. */
  json: Record<string, unknown>;
  cells: NotebookCell[];
  settings: NotebookSettings;
  /** Kale's notebook metadata, if any (pipeline_name, pipeline_description). */
  kale?: { pipelineName?: string; description?: string };
  nbformatMinor: number;
}

/** What the Python helper reports for one code cell. */
export interface CellFacts {
  key: string;
  /** Source with IPython syntax translated to Python. */
  source: string;
  magics: { kind: string; line: number; text: string; action: string; message: string }[];
  syntax_errors: { line: number; column: number; message: string; text: string }[];
  /** Names bound at cell level, in order. */
  defined: string[];
  /** Names read before the cell binds them. */
  free: string[];
  /** Globals read by functions defined in the cell (resolved when called). */
  deferred: string[];
  /** Top-level function -> the globals its body reads when called. */
  function_globals?: Record<string, string[]>;
  /** Top-level function -> the globals it changes in place (or rebinds with `global`). */
  function_mutates?: Record<string, string[]>;
  /** Name -> last lines of the top-level statements that bind it. */
  binding_ends?: Record<string, number[]>;
  mutated: string[];
  modules: string[];
  import_bindings: Record<string, string>;
  definitions: string[];
  star_imports: string[];
  string_lines: number[];
  parameters?: ParameterFact[];
}

export interface ParameterFact {
  name: string;
  line: number;
  annotation?: string;
  type: ParameterType;
  default: unknown;
}

export type ParameterType =
  'int' | 'float' | 'str' | 'bool' | 'list' | 'dict' | 'null' | 'expression';

export interface PythonFacts {
  python: string;
  builtins: string[];
  stdlib: string[];
  cells: CellFacts[];
}

export interface Parameter {
  name: string;
  type: ParameterType;
  default: unknown;
  annotation?: string;
  cellId: string;
}

export interface Metric {
  name: string;
  /** The step that produces the value (or saves it, for a parameter or shared setup). */
  step?: string;
  /** Set when the metric is not a step's value but a parameter or shared setup. */
  from?: 'parameter' | 'setup';
}

/** One pipeline step: cells in notebook order, data flow resolved. */
export interface Step {
  name: string;
  role?: string;
  cells: NotebookCell[];
  /** Explicit `prev:` dependencies. */
  prev: string[];
  /** All dependencies (explicit and inferred), in notebook order of the producer. */
  dependsOn: string[];
  /** Variables read from earlier steps: name -> producing step. */
  inputs: Record<string, string>;
  /** Variables later steps read from this one. */
  outputs: string[];
  /** Values of a final step that nothing reads but a run keeps (e.g. predictions). */
  results: string[];
  /** Parameters the step reads. */
  parameters: string[];
  /** Shared setup names (imports, functions) the step reads. */
  setupNames: string[];
  /** Import statements to repeat because an earlier step imported a name this one uses. */
  imports: string[];
  /** Globals that shared functions the step calls read: name -> those functions. */
  sharedGlobals: Record<string, string[]>;
  /** Names the step binds. */
  defines: string[];
  resources?: Resources;
  image?: string;
  retries?: number;
  limits?: Record<string, string>;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  cache?: boolean;
}

export interface Analysis {
  notebook: ParsedNotebook;
  facts: PythonFacts;
  /** Facts per cell index (code cells only). */
  cellFacts: Map<number, CellFacts>;
  steps: Step[];
  /** Step names in an order that respects every dependency. */
  order: string[];
  setupCells: NotebookCell[];
  parameterCells: NotebookCell[];
  parameters: Parameter[];
  metrics: Metric[];
  problems: Problem[];
  /** Volumes mounted into every step (Kale's notebook settings). */
  volumes: VolumeSpec[];
  /** Top-level modules imported by production cells. */
  modules: string[];
}
