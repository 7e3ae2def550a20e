import type { Manifest, ManifestStep } from '../engine/bundle/manifest';
import type {
  EnvironmentParameterChange,
  FileChange,
  ListChange,
  NotebookDiff,
  ParameterChange,
  PipelineDiff,
  RequirementChange,
  StepChange,
  ValueChange
} from './types';
import { emptyNotebook } from './input';
import { diffNotebooks } from './notebook';
import { diffValues, jsonEqual } from './values';

/** One side of a pipeline diff: its manifest and its bundle's files (path -> text). */
export interface PipelineSide {
  manifest: Manifest;
  files: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** The source notebook; defaults to the bundle's `notebook.ipynb`. */
  notebook?: unknown;
}

const SETTINGS = ['owner', 'description', 'environment', 'project', 'algorithm'] as const;

function fileMap(f: PipelineSide['files']): Map<string, string> {
  return f instanceof Map ? new Map(f) : new Map(Object.entries(f));
}

export function listChange<T>(base: T[], head: T[], key: (v: T) => string = String): ListChange<T> {
  const a = new Set(base.map(key));
  const b = new Set(head.map(key));
  return {
    added: head.filter(v => !a.has(key(v))),
    removed: base.filter(v => !b.has(key(v)))
  };
}

const emptyList = (l: ListChange<unknown>) => l.added.length === 0 && l.removed.length === 0;

/** PEP 503 name and the rest of a requirement line ("pandas>=2.0" -> pandas, ">=2.0"). */
export function parseRequirement(line: string): { name: string; spec: string } {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(.*)$/.exec(line.split('#')[0]);
  if (!m) {
    return { name: line.trim().toLowerCase(), spec: '' };
  }
  return { name: m[1].toLowerCase().replace(/[-_.]+/g, '-'), spec: m[2].trim() };
}

function requirements(base: string[], head: string[]): RequirementChange[] {
  const a = new Map(base.map(l => [parseRequirement(l).name, l.trim()]));
  const b = new Map(head.map(l => [parseRequirement(l).name, l.trim()]));
  const out: RequirementChange[] = [];
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(name);
    const y = b.get(name);
    if (x === undefined) {
      out.push({ name, op: 'added', head: y });
    } else if (y === undefined) {
      out.push({ name, op: 'removed', base: x });
    } else if (parseRequirement(x).spec !== parseRequirement(y).spec) {
      out.push({ name, op: 'changed', base: x, head: y });
    }
  }
  return out;
}

function parameters(base: Manifest['parameters'], head: Manifest['parameters']): ParameterChange[] {
  const a = new Map(base.map(p => [p.name, p]));
  const b = new Map(head.map(p => [p.name, p]));
  const out: ParameterChange[] = [];
  const side = (p: Manifest['parameters'][number]) => ({ type: p.type, default: p.default });
  for (const name of [...new Set([...a.keys(), ...b.keys()])]) {
    const x = a.get(name);
    const y = b.get(name);
    if (!x) {
      out.push({ name, op: 'added', head: side(y!) });
    } else if (!y) {
      out.push({ name, op: 'removed', base: side(x) });
    } else if (x.type !== y.type || !jsonEqual(x.default, y.default)) {
      out.push({ name, op: 'changed', base: side(x), head: side(y) });
    }
  }
  return out;
}

function environmentParameters(
  base: Manifest['environments'],
  head: Manifest['environments']
): EnvironmentParameterChange[] {
  const out: EnvironmentParameterChange[] = [];
  const envs = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  for (const environment of envs) {
    const a = base[environment as keyof typeof base]?.parameters ?? {};
    const b = head[environment as keyof typeof head]?.parameters ?? {};
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const inA = Object.prototype.hasOwnProperty.call(a, name);
      const inB = Object.prototype.hasOwnProperty.call(b, name);
      if (!inA) {
        out.push({ environment, name, op: 'added', head: b[name] });
      } else if (!inB) {
        out.push({ environment, name, op: 'removed', base: a[name] });
      } else if (!jsonEqual(a[name], b[name])) {
        out.push({ environment, name, op: 'changed', base: a[name], head: b[name] });
      }
    }
  }
  return out;
}

const inputName = (i: ManifestStep['inputs'][number]) => `${i.name} <- ${i.step}`;

function stepChange(
  name: string,
  x: ManifestStep | undefined,
  y: ManifestStep | undefined,
  changedCells: Set<string>
): StepChange | null {
  const op: StepChange['op'] = !x ? 'added' : !y ? 'removed' : 'changed';
  const c: StepChange = {
    name,
    op,
    baseCells: x?.cells ?? [],
    headCells: y?.cells ?? [],
    changedCells: (y ?? x)!.cells.filter(id => changedCells.has(id))
  };
  const lists: [keyof StepChange, string[], string[]][] = [
    ['inputs', (x?.inputs ?? []).map(inputName), (y?.inputs ?? []).map(inputName)],
    ['outputs', x?.outputs ?? [], y?.outputs ?? []],
    ['dependsOn', x?.depends_on ?? [], y?.depends_on ?? []],
    ['parameters', x?.parameters ?? [], y?.parameters ?? []]
  ];
  let differs = op !== 'changed' || c.changedCells.length > 0;
  for (const [key, a, b] of lists) {
    const l = listChange(a, b);
    if (!emptyList(l)) {
      (c as unknown as Record<string, unknown>)[key] = l;
      differs = true;
    }
  }
  if (!jsonEqual(x?.cells ?? [], y?.cells ?? [])) {
    differs = true;
  }
  const resources = diffValues(x?.resources ?? {}, y?.resources ?? {});
  if (resources.length > 0) {
    c.resources = resources;
    differs = true;
  }
  if (x?.image !== y?.image) {
    c.image = { ...(x?.image ? { base: x.image } : {}), ...(y?.image ? { head: y.image } : {}) };
    differs = differs || op === 'changed';
  }
  if (x?.retries !== y?.retries) {
    c.retries = {
      ...(x?.retries !== undefined ? { base: x.retries } : {}),
      ...(y?.retries !== undefined ? { head: y.retries } : {})
    };
    differs = true;
  }
  return differs ? c : null;
}

/** Cell ids (head, or base for removed cells) whose source or tags changed, or that came or went. */
function changedCellIds(nb: NotebookDiff, baseIds: string[], headIds: string[]): Set<string> {
  const out = new Set<string>();
  for (const c of nb.cells) {
    const id =
      c.headId ??
      (c.headIndex !== undefined ? headIds[c.headIndex] : undefined) ??
      c.baseId ??
      (c.baseIndex !== undefined ? baseIds[c.baseIndex] : undefined);
    if (id === undefined) {
      continue;
    }
    if (
      c.status === 'added' ||
      c.status === 'removed' ||
      c.source.changed ||
      (c.tags && c.tags.added.length + c.tags.removed.length > 0)
    ) {
      out.add(id);
    }
  }
  return out;
}

/** A step that lost its name to another: most of its cells live on in an added step. */
function markRenames(steps: StepChange[]): void {
  const added = steps.filter(s => s.op === 'added');
  for (const r of steps.filter(s => s.op === 'removed')) {
    const best = added
      .filter(a => !a.renamedFrom)
      .map(a => ({ a, shared: a.headCells.filter(id => r.baseCells.includes(id)).length }))
      .sort((p, q) => q.shared - p.shared)[0];
    if (best && best.shared * 2 > r.baseCells.length) {
      best.a.renamedFrom = r.name;
      r.renamedTo = best.a.name;
    }
  }
}

function files(base: Map<string, string>, head: Map<string, string>): FileChange[] {
  const out: FileChange[] = [];
  for (const p of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const a = base.get(p);
    const b = head.get(p);
    if (a === undefined) {
      out.push({ path: p, op: 'added' });
    } else if (b === undefined) {
      out.push({ path: p, op: 'removed' });
    } else if (a !== b) {
      out.push({ path: p, op: 'changed' });
    }
  }
  return out;
}

/**
 * Cell ids by position from the bundle's notebook: for notebooks saved before nbformat 4.5
 * the engine derives ids, and the manifest names cells by those.
 */
function bundleCellIds(f: Map<string, string>): string[] {
  const text = f.get('notebook.ipynb');
  if (text === undefined) {
    return [];
  }
  const cells = (JSON.parse(text) as { cells?: { id?: unknown }[] }).cells ?? [];
  return cells.map(c => (typeof c.id === 'string' ? c.id : ''));
}

function sideNotebook(s: PipelineSide | null, f: Map<string, string>): unknown {
  if (!s) {
    return emptyNotebook();
  }
  if (s.notebook !== undefined) {
    return s.notebook;
  }
  const text = f.get('notebook.ipynb');
  return text === undefined ? emptyNotebook() : (JSON.parse(text) as unknown);
}

/**
 * What changed in the pipeline between two bundles (base null: nothing in production).
 * `notebook` is the cell diff of the two source notebooks when the caller has it already;
 * otherwise it is computed from the sides (outputs ignored: they are not the pipeline).
 */
export function diffPipelines(
  base: PipelineSide | null,
  head: PipelineSide,
  notebook?: NotebookDiff
): PipelineDiff {
  const fa = base ? fileMap(base.files) : new Map<string, string>();
  const fb = fileMap(head.files);
  const nb =
    notebook ??
    diffNotebooks(sideNotebook(base, fa), sideNotebook(head, fb), { ignoreOutputs: true });
  const ma = base?.manifest;
  const mb = head.manifest;
  const changed = changedCellIds(nb, bundleCellIds(fa), bundleCellIds(fb));
  const stepsA = new Map((ma?.steps ?? []).map(s => [s.name, s]));
  const stepsB = new Map(mb.steps.map(s => [s.name, s]));
  const steps: StepChange[] = [];
  for (const name of [
    ...new Set([...(ma?.order ?? []), ...mb.order, ...stepsA.keys(), ...stepsB.keys()])
  ]) {
    const c = stepChange(name, stepsA.get(name), stepsB.get(name), changed);
    if (c) {
      steps.push(c);
    }
  }
  markRenames(steps);
  const edgesOf = (m?: Manifest) =>
    (m?.steps ?? []).flatMap(s => s.depends_on.map(from => ({ from, to: s.name })));
  const edges = listChange(edgesOf(ma), edgesOf(mb), e => `${e.from}->${e.to}`);
  const params = parameters(ma?.parameters ?? [], mb.parameters);
  const envParams = environmentParameters(ma?.environments ?? {}, mb.environments ?? {});
  const metrics = listChange(
    (ma?.metrics ?? []).map(m => m.name),
    mb.metrics.map(m => m.name)
  );
  const reqs = requirements(ma?.requirements ?? [], mb.requirements);
  const settings: ValueChange[] = [];
  for (const key of SETTINGS) {
    const a = ma ? ma[key] : undefined;
    const b = mb[key];
    if (!ma) {
      if (b !== null && b !== undefined) {
        settings.push({ path: [key], op: 'added', head: b });
      }
    } else if (a !== b) {
      settings.push({ path: [key], op: 'changed', base: a, head: b });
    }
  }
  const fileChanges = files(fa, fb);
  const pipelineChanged =
    steps.length > 0 ||
    !emptyList(edges) ||
    params.length > 0 ||
    envParams.length > 0 ||
    !emptyList(metrics) ||
    reqs.length > 0 ||
    (ma?.schedule ?? null) !== mb.schedule ||
    settings.length > 0;
  const cellsChanged = nb.cells.some(
    c =>
      c.status === 'added' ||
      c.status === 'removed' ||
      c.status === 'moved' ||
      c.source.changed ||
      c.tags !== undefined ||
      c.metadata.length > 0 ||
      c.attachments.length > 0
  );
  const diff: PipelineDiff = {
    identical: !pipelineChanged && fileChanges.length === 0,
    steps,
    edges,
    parameters: params,
    environmentParameters: envParams,
    metrics,
    requirements: reqs,
    settings,
    files: fileChanges,
    outputsOnly: base !== null && !pipelineChanged && !cellsChanged
  };
  if ((ma?.schedule ?? null) !== mb.schedule) {
    diff.schedule = { base: ma?.schedule ?? null, head: mb.schedule };
  }
  if (ma?.version !== mb.version) {
    diff.version = { base: ma?.version ?? null, head: mb.version };
  }
  return diff;
}
