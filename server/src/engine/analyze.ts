import { resolveDataFlow, freeNames } from './dataflow';
import { checkPrevTags, orderSteps } from './graph';
import { readKaleDefaults } from './podSettings';
import { ProblemList } from './problems';
import { runHelper, type HelperCell } from './python';
import type { PythonPool } from './pythonPool';
import { readNotebook, type ReadOptions } from './readNotebook';
import { segment, type Segmentation } from './segments';
import { sharedFunctionGlobals } from './sharedFunctions';
import { readSettings } from './settings';
import type {
  Analysis,
  CellFacts,
  Metric,
  NotebookCell,
  Parameter,
  PythonFacts,
  Step
} from './types';

export interface AnalyzeOptions extends ReadOptions {
  /** Path of the notebook as the user knows it; recorded as lineage. */
  path?: string;
  python?: string;
  /** Warm workers to analyse with; without one a fresh Python process runs (the CLI). */
  pool?: PythonPool;
}

function reportCellFacts(cell: NotebookCell, f: CellFacts, problems: ProblemList): void {
  for (const e of f.syntax_errors) {
    problems.error(
      'syntax_error',
      `Python syntax error: ${e.message}${e.text ? `: ${e.text.trim()}` : ''}`,
      {
        cell,
        line: e.line
      }
    );
  }
  for (const m of f.magics) {
    // Refused: production cannot do what the notebook did. A shell command that cannot be
    // translated is refused too: what it did to files or data is lost.
    const severity =
      m.action === 'refused' || (m.kind === 'shell_command' && m.action === 'unsupported')
        ? 'error'
        : 'warning';
    problems.add(severity, m.kind, `${m.text}: ${m.message}`, { cell, line: m.line });
  }
}

function definedIn(cells: NotebookCell[], facts: Map<number, CellFacts>): Set<string> {
  const out = new Set<string>();
  for (const c of cells) for (const n of facts.get(c.index)?.defined ?? []) out.add(n);
  return out;
}

function collectParameters(
  seg: Segmentation,
  facts: Map<number, CellFacts>,
  problems: ProblemList
): Parameter[] {
  const byName = new Map<string, Parameter>();
  for (const cell of seg.parameterCells) {
    for (const p of facts.get(cell.index)?.parameters ?? []) {
      if (p.type === 'expression') {
        problems.warning(
          'computed_parameter',
          `Parameter "${p.name}" is computed (${String(p.default)}), not a literal; --param can only replace it with a literal.`,
          { cell, line: p.line, variable: p.name }
        );
      }
      byName.delete(p.name); // a later assignment wins and keeps its place
      byName.set(p.name, {
        name: p.name,
        type: p.type,
        default: p.default,
        ...(p.annotation ? { annotation: p.annotation } : {}),
        cellId: cell.id
      });
    }
  }
  return [...byName.values()];
}

interface MetricSources {
  producers: Map<string, string>;
  builtins: Set<string>;
  paramNames: Set<string>;
  setupNames: Set<string>;
}

function collectMetrics(
  seg: Segmentation,
  facts: Map<number, CellFacts>,
  src: MetricSources,
  problems: ProblemList
): Metric[] {
  const metrics: Metric[] = [];
  for (const cell of seg.metricsCells) {
    for (const [name] of freeNames([cell], facts)) {
      if (src.builtins.has(name) || metrics.some(m => m.name === name)) continue;
      const step = src.producers.get(name);
      if (step) {
        metrics.push({ name, step });
      } else if (src.paramNames.has(name)) {
        // A parameter reported as a metric, as Kale allows: recorded with the run's values.
        metrics.push({ name, from: 'parameter' });
      } else if (src.setupNames.has(name)) {
        metrics.push({ name, from: 'setup' });
      } else {
        problems.error(
          'unknown_metric',
          `Metric "${name}" is not computed by any step, nor a parameter or shared setup.`,
          { cell, variable: name }
        );
      }
    }
  }
  return metrics;
}

/**
 * A metric that is a parameter or shared setup is saved by the last step that reads it
 * (the last step of all when none does), as Kale reports it from the step using it.
 */
function placeSharedMetrics(metrics: Metric[], steps: Step[], order: string[]): void {
  const ordered = order.map(n => steps.find(s => s.name === n)!).filter(Boolean);
  for (const m of metrics) {
    if (!m.from || ordered.length === 0) continue;
    const reads = (s: Step) =>
      m.from === 'parameter' ? s.parameters.includes(m.name) : s.setupNames.includes(m.name);
    const step = [...ordered].reverse().find(reads) ?? ordered[ordered.length - 1];
    if (!reads(step)) {
      if (m.from === 'parameter') step.parameters = [...step.parameters, m.name].sort();
      else step.setupNames = [...step.setupNames, m.name].sort();
    }
    m.step = step.name;
  }
}

/** Setup and parameter cells run before every step: they may only use each other. */
function checkSharedCells(
  seg: Segmentation,
  facts: Map<number, CellFacts>,
  known: Set<string>,
  stepNames: Set<string>,
  problems: ProblemList
): void {
  for (const cell of [...seg.parameterCells, ...seg.setupCells]) {
    const f = facts.get(cell.index);
    if (!f) continue;
    for (const n of [...f.free, ...f.deferred]) {
      if (known.has(n)) continue;
      const deferred = !f.free.includes(n);
      const defined = stepNames.has(n);
      // A function's global that a step defines is loaded where a step calls the function.
      if (deferred && defined) continue;
      const msg = defined
        ? `"${n}" is defined by a step, but shared setup and parameters run before every step.`
        : `"${n}" is not defined by the parameters, imports or functions.`;
      problems.add(deferred ? 'warning' : 'error', 'undefined_name', msg, { cell, variable: n });
    }
  }
}

/** Parse, validate and analyse a notebook. Throws InputError when it cannot be read at all. */
export async function analyzeNotebook(
  input: string | Buffer | object,
  options: AnalyzeOptions = {}
): Promise<Analysis> {
  const notebook = readNotebook(input, options);
  const problems = new ProblemList();
  readSettings(notebook, problems);
  const kaleDefaults = readKaleDefaults(
    (notebook.json.metadata as Record<string, unknown> | undefined)?.kubeflow_notebook as
      Record<string, unknown> | undefined,
    problems
  );
  const seg = segment(notebook.cells, problems);

  const helperCells: HelperCell[] = [];
  const params = new Set(seg.parameterCells.map(c => c.index));
  for (const c of notebook.cells) {
    if (c.cellType !== 'code' || c.source.trim() === '') continue;
    helperCells.push({
      key: String(c.index),
      source: c.source,
      ...(params.has(c.index) ? { params: true } : {})
    });
  }
  const facts: PythonFacts = options.pool
    ? await options.pool.analyze(helperCells)
    : await runHelper(helperCells, { python: options.python });
  const cellFacts = new Map<number, CellFacts>(facts.cells.map(f => [Number(f.key), f]));
  const builtins = new Set(facts.builtins);

  const production = [
    ...seg.setupCells,
    ...seg.parameterCells,
    ...seg.metricsCells,
    ...seg.steps.flatMap(s => s.cells)
  ];
  for (const c of production) {
    const f = cellFacts.get(c.index);
    if (f) reportCellFacts(c, f, problems);
  }
  reportErrorOutputs(notebook, production, problems);
  const stepCells = new Set(seg.steps.flatMap(s => s.cells.map(c => c.index)));
  for (const c of production) {
    const f = cellFacts.get(c.index);
    if (f && stepCells.has(c.index) && f.star_imports.length > 0) {
      problems.warning(
        'star_import',
        `"${f.star_imports[0]}" is moved to the top of the step module.`,
        { cell: c }
      );
    }
  }

  const setupNames = definedIn(seg.setupCells, cellFacts);
  const paramNames = definedIn(seg.parameterCells, cellFacts);
  const starImport = production.some(c => (cellFacts.get(c.index)?.star_imports.length ?? 0) > 0);
  checkPrevTags(seg.steps, problems);
  const steps = resolveDataFlow({
    seg,
    facts: cellFacts,
    builtins,
    setupNames,
    paramNames,
    starImport,
    problems,
    podDefaults: kaleDefaults.pod,
    sharedFunctions: sharedFunctionGlobals(seg.setupCells, cellFacts)
  });
  const stepDefined = new Set(steps.flatMap(s => s.defines));
  checkSharedCells(
    seg,
    cellFacts,
    new Set([...builtins, ...setupNames, ...paramNames]),
    stepDefined,
    problems
  );
  checkReopenings(seg, cellFacts, problems);
  const order = orderSteps(steps, problems) ?? steps.map(s => s.name);

  const producers = new Map<string, string>();
  for (const s of steps) for (const n of s.defines) producers.set(n, s.name);
  const metrics = collectMetrics(
    seg,
    cellFacts,
    { producers, builtins, paramNames, setupNames },
    problems
  );
  placeSharedMetrics(metrics, steps, order);
  for (const m of metrics) {
    const step = steps.find(s => s.name === m.step);
    if (step && !step.outputs.includes(m.name)) step.outputs = [...step.outputs, m.name].sort();
    if (step) step.results = step.results.filter(r => r !== m.name);
  }
  if (steps.length === 0) {
    problems.warning('no_steps', 'The notebook has no code to run: tag cells with step:<name>.');
  }

  const parameters = collectParameters(seg, cellFacts, problems);
  const modules = new Set<string>();
  for (const c of production) for (const m of cellFacts.get(c.index)?.modules ?? []) modules.add(m);
  return {
    notebook,
    facts,
    cellFacts,
    steps,
    order,
    setupCells: seg.setupCells,
    parameterCells: seg.parameterCells,
    parameters,
    metrics,
    problems: problems.sorted(),
    volumes: kaleDefaults.volumes,
    modules: [...modules].sort()
  };
}

/** A production cell saved with an error output did not run cleanly the last time. */
function reportErrorOutputs(
  notebook: Analysis['notebook'],
  cells: NotebookCell[],
  problems: ProblemList
): void {
  const raw = notebook.json.cells as { outputs?: Record<string, unknown>[] }[];
  for (const cell of cells) {
    const error = (raw[cell.index].outputs ?? []).find(o => o.output_type === 'error');
    if (!error) continue;
    problems.error(
      'error_output',
      `The cell's saved output is an error (${String(error.ename)}: ${String(error.evalue)}): ` +
        'the notebook did not run cleanly. Run it top to bottom, then promote it.',
      { cell }
    );
  }
}

/** Warn when appending a re-opened step's cells changes which values other steps see. */
function checkReopenings(
  seg: Segmentation,
  facts: Map<number, CellFacts>,
  problems: ProblemList
): void {
  for (const r of seg.reopenings) {
    const between = seg.steps.filter(s => r.between.includes(s.name)).flatMap(s => s.cells);
    const theirs = definedIn(between, facts);
    const used = [...freeNames(r.cells, facts).keys()];
    const mine = definedIn(r.cells, facts);
    const readByThem = [...freeNames(between, facts).keys()].filter(n => mine.has(n));
    const affected = [...new Set([...used.filter(n => theirs.has(n)), ...readByThem])].sort();
    if (affected.length > 0) {
      problems.warning(
        'reopened_step_changes_dataflow',
        `Running step "${r.step}" as one block changes the values of ${affected.map(a => `"${a}"`).join(', ')} ` +
          `compared with running the notebook top to bottom (steps in between: ${r.between.join(', ')}).`,
        { cell: r.cell, step: r.step, variable: affected[0] }
      );
    }
  }
}
