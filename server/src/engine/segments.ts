import type { ProblemList } from './problems';
import { DEFAULT_STEP, readCellTags } from './tags';
import type { NotebookCell } from './types';

export { DEFAULT_STEP };

export interface StepDraft {
  name: string;
  cells: NotebookCell[];
  prev: string[];
  /** Cell carrying each prev: tag, to point errors at it. */
  prevCells: Map<string, NotebookCell>;
}

/** A step tagged again after other steps ran: its later cells are appended to it. */
export interface Reopening {
  step: string;
  cell: NotebookCell;
  cells: NotebookCell[];
  /** Steps whose cells sit between the earlier part of the step and this one. */
  between: string[];
}

export interface Segmentation {
  steps: StepDraft[];
  setupCells: NotebookCell[];
  parameterCells: NotebookCell[];
  metricsCells: NotebookCell[];
  skipCells: NotebookCell[];
  reopenings: Reopening[];
}

/** Blank code cells carry no code; they neither start nor continue anything. */
function isBlank(cell: NotebookCell): boolean {
  return cell.source.trim() === '';
}

/**
 * Walk the cells in notebook order and assign each code cell to a step or a role.
 * Untagged cells join the step above (not the skip/imports cell above): that is how Kale
 * reads them and what keeps e.g. a cleaning cell after a skipped plot in its step.
 */
export function segment(cells: NotebookCell[], problems: ProblemList): Segmentation {
  const result: Segmentation = {
    steps: [],
    setupCells: [],
    parameterCells: [],
    metricsCells: [],
    skipCells: [],
    reopenings: []
  };
  const byName = new Map<string, StepDraft>();
  let current: StepDraft | undefined;
  let openReopening: Reopening | undefined;
  const visitOrder: string[] = [];
  let anyExplicitStep = false;

  const open = (name: string, cell: NotebookCell): StepDraft => {
    const existing = byName.get(name);
    if (existing && existing === current) return existing;
    let step: StepDraft;
    if (existing) {
      step = existing;
      const lastOwn = visitOrder.lastIndexOf(name);
      const between = [...new Set(visitOrder.slice(lastOwn + 1))].filter(n => n !== name);
      openReopening = { step: name, cell, cells: [], between };
      result.reopenings.push(openReopening);
      problems.warning(
        'step_reopened',
        `Step "${name}" is tagged again after step ${between.map(b => `"${b}"`).join(', ')}; ` +
          'its cells are appended to the earlier part of the step and run together.',
        { cell, step: name }
      );
    } else {
      step = { name, cells: [], prev: [], prevCells: new Map() };
      byName.set(name, step);
      result.steps.push(step);
      openReopening = undefined;
    }
    visitOrder.push(name);
    current = step;
    return step;
  };

  for (const cell of cells) {
    const tags = readCellTags(cell, problems);
    if (tags.kind === 'markdown' || tags.kind === 'raw' || tags.kind === 'injected') continue;
    if (tags.kind === 'skip') {
      result.skipCells.push(cell);
      continue;
    }
    if (tags.kind === 'imports' || tags.kind === 'functions') {
      if (!isBlank(cell)) result.setupCells.push(cell);
      continue;
    }
    if (tags.kind === 'parameters') {
      result.parameterCells.push(cell);
      continue;
    }
    if (tags.kind === 'metrics') {
      result.metricsCells.push(cell);
      continue;
    }
    if (Object.keys(tags.pod).length > 0) cell.pod = tags.pod;
    let step: StepDraft;
    if (tags.step) {
      anyExplicitStep = true;
      step = open(tags.step, cell);
    } else if (current) {
      step = current;
    } else {
      if (isBlank(cell) && tags.prev.length === 0) continue;
      step = open(DEFAULT_STEP, cell);
    }
    for (const p of tags.prev) {
      if (!step.prev.includes(p)) {
        step.prev.push(p);
        step.prevCells.set(p, cell);
      }
    }
    if (isBlank(cell)) continue;
    step.cells.push(cell);
    if (openReopening && openReopening.step === step.name) openReopening.cells.push(cell);
  }

  const implicit = byName.get(DEFAULT_STEP);
  if (implicit && anyExplicitStep && implicit.cells.length > 0) {
    problems.warning(
      'untagged_cells',
      `Code cells before the first step tag form a step named "${DEFAULT_STEP}"; ` +
        'tag them (step:<name>, imports, functions or skip) to say what they are.',
      { cell: implicit.cells[0], step: DEFAULT_STEP }
    );
  }
  result.steps = result.steps.filter(s => s.cells.length > 0 || s.prev.length > 0);
  return result;
}
