import * as path from 'node:path';
import { identifier } from './format';
import type { VolumeSpec } from '../podSettings';
import type { Analysis, Step } from '../types';

export const MANIFEST_VERSION = 1;
export const STORAGE_LAYOUT = '{root}/{project}/{env}/{algorithm}/{version}/{run_token}/{step}/';
const PREDICTION_ROLES = new Set(['extract', 'preprocess', 'predict']);

export interface ManifestStep {
  name: string;
  module: string;
  role: string | null;
  /** `via`: the shared functions that read the value, when the step's own code does not. */
  inputs: { name: string; step: string; via?: string[] }[];
  outputs: string[];
  /** Values of a final step kept in run storage though no step reads them. */
  results: string[];
  depends_on: string[];
  parameters: string[];
  /** Resource requests: cpu, memory, gpu (from `metadata.nbpromote.resources`). */
  resources: Record<string, unknown>;
  /** Resource limits: Kubernetes resource name -> quantity (from `limit:<name>:<qty>`). */
  limits?: Record<string, string>;
  image?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  /** Whether the orchestrator may reuse an earlier run of the step (`cache:` tags). */
  cache?: boolean;
  retries?: number;
  cells: string[];
}

export interface Manifest {
  manifest_version: number;
  name: string;
  project: string;
  algorithm: string;
  version: string;
  package: string;
  owner: string | null;
  description: string | null;
  environment: 'dev' | 'stage' | 'prod';
  schedule: string | null;
  source: { path: string; sha256: string; nbformat: string };
  steps: ManifestStep[];
  order: string[];
  parameters: { name: string; type: string; default: unknown; annotation?: string }[];
  metrics: { name: string; step: string; from?: 'parameter' | 'setup' }[];
  use_cases: { training: string[]; prediction: string[]; evaluation: string[] };
  storage: { layout: string; format: 'pickle'; reads_missing_from: string };
  /** Volumes every step mounts (Kale's notebook settings). */
  volumes: VolumeSpec[];
  requirements: string[];
  exports: { airflow: string };
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

/** Names the bundle is filed under: notebook settings, else Kale's name, else the file name. */
export function naming(a: Analysis, sourcePath: string) {
  const s = a.notebook.settings;
  const base = slug(path.basename(sourcePath, path.extname(sourcePath))) || 'notebook';
  const algorithm = s.algorithm ?? (slug(a.notebook.kale?.pipelineName ?? '') || base);
  const project = s.project ?? 'default';
  const pkg = identifier(project === 'default' ? algorithm : `${project}_${algorithm}`);
  return {
    project,
    algorithm,
    name: project === 'default' ? algorithm : `${project}-${algorithm}`,
    pkg
  };
}

export function stepModule(step: Step): string {
  return `step_${step.name}`;
}

/** The pipeline manifest: everything an orchestrator or a reviewer needs, as data. */
export function buildManifest(
  a: Analysis,
  source: { path: string; sha256: string },
  requirements: string[],
  version?: string
): Manifest {
  const s = a.notebook.settings;
  const names = naming(a, source.path);
  const byName = new Map(a.steps.map(st => [st.name, st]));
  const ordered = a.order.map(n => byName.get(n)!).filter(Boolean);
  const roleOf = (st: Step) => st.role ?? null;
  return {
    manifest_version: MANIFEST_VERSION,
    name: names.name,
    project: names.project,
    algorithm: names.algorithm,
    version: version ?? s.version ?? '0.1.0',
    package: names.pkg,
    owner: s.owner ?? null,
    description: s.description ?? a.notebook.kale?.description ?? null,
    environment: s.environment ?? 'dev',
    schedule: s.schedule ?? null,
    source: { ...source, nbformat: `4.${String(a.notebook.json.nbformat_minor)}` },
    steps: ordered.map(st => ({
      name: st.name,
      module: `${names.pkg}.${stepModule(st)}`,
      role: roleOf(st),
      inputs: Object.keys(st.inputs)
        .sort()
        .map(n => ({
          name: n,
          step: st.inputs[n],
          ...(st.sharedGlobals[n] ? { via: [...st.sharedGlobals[n]] } : {})
        })),
      outputs: st.outputs,
      results: st.results,
      depends_on: st.dependsOn,
      parameters: st.parameters.filter(p => a.parameters.some(q => q.name === p)),
      resources: { ...(st.resources ?? {}) },
      ...(st.limits ? { limits: { ...st.limits } } : {}),
      ...(st.image ? { image: st.image } : {}),
      ...(st.annotations ? { annotations: { ...st.annotations } } : {}),
      ...(st.labels ? { labels: { ...st.labels } } : {}),
      ...(st.cache !== undefined ? { cache: st.cache } : {}),
      ...(st.retries !== undefined ? { retries: st.retries } : {}),
      cells: st.cells.map(c => c.id)
    })),
    order: a.order,
    parameters: a.parameters.map(p => ({
      name: p.name,
      type: p.type,
      default: p.default,
      ...(p.annotation ? { annotation: p.annotation } : {})
    })),
    metrics: a.metrics.map(m => ({
      name: m.name,
      step: m.step ?? '',
      ...(m.from ? { from: m.from } : {})
    })),
    use_cases: {
      training: ordered.map(st => st.name),
      prediction: ordered.filter(st => PREDICTION_ROLES.has(st.role ?? '')).map(st => st.name),
      evaluation: ordered.filter(st => st.role === 'evaluate').map(st => st.name)
    },
    storage: {
      layout: STORAGE_LAYOUT,
      format: 'pickle',
      reads_missing_from: 'the latest successful training run of the same version, or --from-run'
    },
    volumes: a.volumes.map(v => ({ ...v })),
    requirements,
    exports: { airflow: `dags/${names.pkg}_dag.py` }
  };
}
