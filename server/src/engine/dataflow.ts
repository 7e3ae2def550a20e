import { mergePod, type PodSettings } from './podSettings';
import type { ProblemList } from './problems';
import { sharedReads, type SharedFunction } from './sharedFunctions';
import type { Segmentation, StepDraft } from './segments';
import { BLUEPRINT_ROLES } from './tags';
import type { CellFacts, NotebookCell, Resources, Step } from './types';

export interface FlowContext {
  seg: Segmentation;
  facts: Map<number, CellFacts>;
  builtins: Set<string>;
  setupNames: Set<string>;
  paramNames: Set<string>;
  /** A star import somewhere makes every unknown name possibly defined. */
  starImport: boolean;
  problems: ProblemList;
  /** Step settings every step starts from (Kale's notebook defaults). */
  podDefaults?: PodSettings;
  /** Shared function -> the globals it reads and changes (see sharedFunctions.ts). */
  sharedFunctions?: Map<string, SharedFunction>;
}

/** Who last made a name available: a step's value, or an import statement to repeat. */
interface Source {
  step: string;
  importStmt?: string;
  isDefinition: boolean;
}

function namesOf(cells: NotebookCell[], facts: Map<number, CellFacts>, key: 'defined' | 'mutated') {
  const out = new Set<string>();
  for (const c of cells) for (const n of facts.get(c.index)?.[key] ?? []) out.add(n);
  return out;
}

/** Names a step reads before binding them, each with the first cell that reads it. */
export function freeNames(
  cells: NotebookCell[],
  facts: Map<number, CellFacts>
): Map<string, NotebookCell> {
  const free = new Map<string, NotebookCell>();
  const bound = new Set<string>();
  for (const c of cells) {
    const f = facts.get(c.index);
    if (!f) continue;
    for (const n of [...f.free, ...f.deferred]) {
      if (!bound.has(n) && !free.has(n)) free.set(n, c);
    }
    for (const n of f.defined) bound.add(n);
  }
  return free;
}

type StepSettings = Pick<
  Step,
  'role' | 'resources' | 'image' | 'retries' | 'limits' | 'annotations' | 'labels' | 'cache'
>;

/**
 * A step's settings: Kale's notebook defaults, then each cell in order, its Kale tags first
 * and its `metadata.nbpromote` over them; later cells win key by key.
 */
function mergeSettings(draft: StepDraft, defaults: PodSettings): StepSettings {
  const out: StepSettings = {};
  let resources: Resources | undefined;
  let pod: PodSettings = { ...defaults };
  for (const c of draft.cells) {
    const s = c.settings;
    if (c.pod) pod = mergePod(pod, c.pod);
    pod = mergePod(pod, {
      ...(s.image ? { image: s.image } : {}),
      ...(s.limits ? { limits: s.limits } : {}),
      ...(s.annotations ? { annotations: s.annotations } : {}),
      ...(s.labels ? { labels: s.labels } : {}),
      ...(s.cache !== undefined ? { cache: s.cache } : {})
    });
    if (s.resources) resources = { ...resources, ...s.resources };
    if (s.retries !== undefined) out.retries = s.retries;
    if (s.role) out.role = s.role;
  }
  if (resources) out.resources = resources;
  if (pod.image) out.image = pod.image;
  for (const k of ['limits', 'annotations', 'labels'] as const) {
    if (pod[k] && Object.keys(pod[k]).length > 0) out[k] = pod[k];
  }
  if (pod.cache !== undefined) out.cache = pod.cache;
  if ((BLUEPRINT_ROLES as readonly string[]).includes(draft.name)) out.role = draft.name;
  return out;
}

/**
 * Resolve every name a step reads: a value from an earlier step (an edge, an input of the
 * consumer and an output of the producer), a parameter, shared setup, or a builtin; anything
 * else is a problem naming the cell, the step and the variable.
 */
export function resolveDataFlow(ctx: FlowContext): Step[] {
  const { seg, facts, problems } = ctx;
  const steps: Step[] = seg.steps.map(d => ({
    name: d.name,
    ...mergeSettings(d, ctx.podDefaults ?? {}),
    cells: d.cells,
    prev: d.prev,
    dependsOn: [],
    inputs: {},
    outputs: [],
    results: [],
    parameters: [],
    setupNames: [],
    imports: [],
    sharedGlobals: {},
    defines: [...namesOf(d.cells, facts, 'defined')]
  }));
  const known = (n: string) =>
    ctx.setupNames.has(n) || ctx.paramNames.has(n) || ctx.builtins.has(n) || n === 'display';
  const byName = new Map(steps.map(s => [s.name, s]));
  const skipDefined = namesOf(seg.skipCells, facts, 'defined');
  const definedBy = new Map<string, string>();
  for (const s of steps) for (const n of s.defines) if (!definedBy.has(n)) definedBy.set(n, s.name);

  const available = new Map<string, Source>();
  const outputs = new Map<string, Set<string>>(steps.map(s => [s.name, new Set()]));
  for (const step of steps) {
    const deps = new Set<string>(step.prev);
    const params = new Set<string>();
    const setup = new Set<string>();
    const imports = new Set<string>();
    const reads = freeNames(step.cells, facts);
    const direct = new Set(reads.keys());
    const shared = sharedReads(step.cells, facts, ctx.sharedFunctions ?? new Map(), known);
    for (const [name, r] of shared) {
      step.sharedGlobals[name] = r.via;
      if (!r.bound && !reads.has(name)) reads.set(name, r.cell);
    }
    for (const [name, cell] of reads) {
      const src = available.get(name);
      const via = shared.get(name)?.via;
      const where = { cell, step: step.name, variable: name };
      // A name only a shared function reads: say which, since the cell does not show it.
      const readBy =
        via && !direct.has(name) ? ` (read by ${via.join(', ')}, which this cell calls)` : '';
      if (src) {
        if (src.importStmt) {
          imports.add(src.importStmt);
          continue;
        }
        step.inputs[name] = src.step;
        deps.add(src.step);
        outputs.get(src.step)!.add(name);
        if (src.isDefinition) {
          problems.warning(
            'shared_definition',
            `"${name}" is a function or class defined in step "${src.step}"; steps exchange ` +
              'values through storage, so move it to a cell tagged "functions".',
            where
          );
        }
      } else if (ctx.paramNames.has(name)) {
        params.add(name);
      } else if (ctx.setupNames.has(name) || name === 'display') {
        // display() is IPython's; the generated setup module provides a stand-in.
        setup.add(name);
      } else if (ctx.builtins.has(name)) {
        continue;
      } else if (definedBy.has(name) && definedBy.get(name) !== step.name) {
        problems.error(
          'used_before_defined',
          `"${name}" is used here${readBy} but only defined later, in step "${definedBy.get(name)}".`,
          where
        );
      } else if (skipDefined.has(name)) {
        problems.error(
          'defined_only_in_skip',
          `"${name}" is used here${readBy} but only defined in cells tagged "skip", which ` +
            'production does not run.',
          where
        );
      } else if (ctx.starImport) {
        problems.warning(
          'undefined_name',
          `"${name}" is not defined by any earlier step${readBy}; it may come from a "from ... import *".`,
          where
        );
      } else {
        problems.error(
          'undefined_name',
          `"${name}"${readBy} is not defined by any earlier step, the parameters, imports or functions.`,
          where
        );
      }
    }
    step.parameters = [...params].sort();
    step.setupNames = [...setup].sort();
    step.imports = [...imports].sort();
    step.dependsOn = [...deps];
    // After the step ran, what it defined (or changed in place) is available from it.
    const mutated = namesOf(step.cells, facts, 'mutated');
    for (const [n, r] of shared) if (r.changed) mutated.add(n);
    for (const c of step.cells) {
      const f = facts.get(c.index);
      if (!f) continue;
      for (const n of f.defined) {
        available.set(n, {
          step: step.name,
          importStmt: f.import_bindings[n],
          isDefinition: f.definitions.includes(n)
        });
      }
    }
    for (const n of mutated) {
      if (step.inputs[n] !== undefined) available.set(n, { step: step.name, isDefinition: false });
    }
  }
  for (const s of steps) s.outputs = [...outputs.get(s.name)!].sort();
  keepResults(steps, facts);
  for (const s of steps) {
    const order = new Map(steps.map((x, i) => [x.name, i]));
    s.dependsOn = s.dependsOn.filter(d => byName.has(d) || !s.prev.includes(d));
    s.dependsOn.sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
  }
  return steps;
}

/** Names available when the pipeline finishes, with the step that last produced each. */
export function finalProducers(steps: Step[], facts: Map<number, CellFacts>): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of steps) for (const n of namesOf(s.cells, facts, 'defined')) out.set(n, s.name);
  return out;
}

/** A final step's own values are what the run is for (predictions, scores): keep them. */
function keepResults(steps: Step[], facts: Map<number, CellFacts>): void {
  const needed = new Set(steps.flatMap(s => s.dependsOn));
  for (const s of steps) {
    if (needed.has(s.name)) continue;
    const code = new Set<string>();
    for (const c of s.cells) {
      const f = facts.get(c.index);
      for (const n of [...Object.keys(f?.import_bindings ?? {}), ...(f?.definitions ?? [])])
        code.add(n);
    }
    s.results = s.defines.filter(n => !code.has(n) && !s.outputs.includes(n)).sort();
  }
}
