/**
 * The pipeline as the tags describe it: steps in order with their cells, setup, parameter,
 * metric and skipped cells. Pure and local, so the panel shows it even when the service is
 * down; data-flow edges and problems come from the service's check.
 */
import { type ICellInfo, readAll, stepColor } from '../tagging/cellSteps';
import { type CellRole, DEFAULT_STEP } from '../tagging/vocabulary';
import type { CheckResult } from '../client/types';

/** A cell as the panel lists it: its position (0-based) and id. */
export interface ICellRef {
  index: number;
  id: string;
}

export interface ILocalStep {
  name: string;
  color: number;
  cells: ICellRef[];
  /** Explicit dependencies from `prev:` tags. */
  prev: string[];
}

export interface ILocalPipeline {
  steps: ILocalStep[];
  setup: ICellRef[];
  parameters: ICellRef[];
  metrics: ICellRef[];
  skipped: ICellRef[];
}

/** Read the pipeline from the cells' tags. */
export function localPipeline(cells: readonly ICellInfo[]): ILocalPipeline {
  const result: ILocalPipeline = { steps: [], setup: [], parameters: [], metrics: [], skipped: [] };
  const byName = new Map<string, ILocalStep>();
  let current: ILocalStep | undefined;
  const open = (name: string) => {
    let step = byName.get(name);
    if (!step) {
      step = { name, color: stepColor(name), cells: [], prev: [] };
      byName.set(name, step);
      result.steps.push(step);
    }
    current = step;
    return step;
  };
  readAll(cells).forEach((tagging, index) => {
    const cell = cells[index];
    const ref = { index, id: cell.id };
    if (tagging === null) {
      return;
    }
    if (tagging.kind !== 'step') {
      const list = Private.listFor(result, tagging.kind);
      list?.push(ref);
      return;
    }
    let step: ILocalStep;
    if (tagging.step) {
      step = open(tagging.step);
    } else if (current) {
      step = current;
    } else if (cell.blank && tagging.prev.length === 0) {
      return;
    } else {
      step = open(DEFAULT_STEP);
    }
    for (const p of tagging.prev) {
      if (!step.prev.includes(p)) {
        step.prev.push(p);
      }
    }
    if (!cell.blank) {
      step.cells.push(ref);
    }
  });
  result.steps = result.steps.filter(s => s.cells.length > 0 || s.prev.length > 0);
  return result;
}

/** One edge of the step graph. */
export interface IEdge {
  from: string;
  to: string;
  /** `explicit`: a `prev:` tag; `inferred`: the service found a data flow. */
  kind: 'explicit' | 'inferred';
  /** Variables that flow along an inferred edge, when the service says. */
  variables: string[];
}

/** The step graph: explicit edges from the tags, inferred ones from the last check. */
export function pipelineEdges(local: ILocalPipeline, check?: CheckResult | null): IEdge[] {
  const edges = new Map<string, IEdge>();
  const key = (from: string, to: string) => `${from}\u0000${to}`;
  for (const step of local.steps) {
    for (const from of step.prev) {
      edges.set(key(from, step.name), { from, to: step.name, kind: 'explicit', variables: [] });
    }
  }
  for (const step of check?.steps ?? []) {
    for (const from of step.dependsOn ?? []) {
      // A value only a shared function reads says which: the cells do not show it.
      const via = step.inputsVia ?? {};
      const variables = Object.entries(step.inputs ?? {})
        .filter(([, source]) => source === from)
        .map(([name]) => name)
        .sort()
        .map(name => (via[name] ? `${name} (via ${via[name].join(', ')})` : name));
      const existing = edges.get(key(from, step.name));
      if (existing) {
        existing.variables = variables;
      } else {
        // The service names prev: edges too; anything else it found in the data flow.
        const kind = (step.prev ?? []).includes(from) ? 'explicit' : 'inferred';
        edges.set(key(from, step.name), { from, to: step.name, kind, variables });
      }
    }
  }
  const order = new Map(local.steps.map((s, i) => [s.name, i]));
  const rank = (name: string) => order.get(name) ?? Number.MAX_SAFE_INTEGER;
  return [...edges.values()].sort((a, b) => rank(a.to) - rank(b.to) || rank(a.from) - rank(b.from));
}

namespace Private {
  /** Where a cell with a role is listed; injected parameters are not listed at all. */
  export function listFor(
    pipeline: ILocalPipeline,
    role: CellRole | 'injected'
  ): ICellRef[] | undefined {
    switch (role) {
      case 'skip':
        return pipeline.skipped;
      case 'imports':
      case 'functions':
        return pipeline.setup;
      case 'parameters':
        return pipeline.parameters;
      case 'metrics':
        return pipeline.metrics;
      default:
        return undefined;
    }
  }
}
