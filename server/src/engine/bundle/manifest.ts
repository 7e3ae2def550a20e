import * as path from 'node:path';
import { identifier } from './format';
import type { VolumeSpec } from '../podSettings';
import type { Analysis, Step } from '../types';

export const MANIFEST_VERSION = 1;
export const USE_CASES = ['training', 'prediction', 'evaluation'] as const;
export type UseCase = (typeof USE_CASES)[number];
export type Environment = 'dev' | 'stage' | 'prod';
/** Storage formats of values between steps, in the order the runner picks them. */
export const STORAGE_FORMATS = ['parquet', 'npy', 'joblib', 'cloudpickle'] as const;
/** Where images go when neither the admin settings nor the notebook name a registry. */
export const DEFAULT_REGISTRY = 'localhost:5000';
/** Python of the image when the notebook does not say which kernel it ran on. */
export const DEFAULT_PYTHON = '3.11';
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
  resources: { cpu?: string | number; memory?: string; gpu?: number };
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

export interface EnvironmentSettings {
  /** Parameter values of runs in this environment, over the notebook defaults. */
  parameters?: Record<string, unknown>;
  /** Storage root of runs in this environment (a path or an fsspec URL). */
  root?: string;
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
  environment: Environment;
  schedule: string | null;
  /** Schedule of each use case's DAG (training's is `schedule`). */
  schedules: Record<UseCase, string | null>;
  /** How Airflow runs each step: in a shell next to the bundle, or in a pod of its image. */
  operator: 'local' | 'kubernetes';
  /** The bundle's container image, `<registry>/<project>-<algorithm>:<version>`. */
  image: string;
  /** Python version of the notebook's kernel, the image's base. */
  python: string;
  environments: Partial<Record<Environment, EnvironmentSettings>>;
  source: { path: string; sha256: string; nbformat: string };
  steps: ManifestStep[];
  order: string[];
  parameters: { name: string; type: string; default: unknown; annotation?: string }[];
  metrics: { name: string; step: string; from?: 'parameter' | 'setup' }[];
  use_cases: { training: string[]; prediction: string[]; evaluation: string[] };
  storage: {
    layout: string;
    formats: (typeof STORAGE_FORMATS)[number][];
    record: string;
    reads_missing_from: string;
  };
  /** Volumes every step mounts (Kale's notebook settings). */
  volumes: VolumeSpec[];
  requirements: string[];
  exports: {
    airflow: Partial<Record<UseCase, string>>;
    kubeflow: string;
    dockerfile: string;
  };
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

/** A Docker tag allows [A-Za-z0-9_.-]: semver build metadata's "+" becomes "-". */
export function imageName(registry: string, name: string, version: string): string {
  return `${registry.replace(/\/+$/, '')}/${name}:${version.replace(/\+/g, '-')}`;
}

/** The kernel's Python version from the notebook metadata, when it names a full release. */
function kernelPython(a: Analysis): string {
  const info = (a.notebook.json.metadata as { language_info?: { version?: unknown } } | undefined)
    ?.language_info;
  const v = typeof info?.version === 'string' ? info.version : '';
  return /^3\.\d+(\.\d+)?$/.test(v) ? v : DEFAULT_PYTHON;
}

export function stepModule(step: Step): string {
  return `step_${step.name}`;
}

/** The pipeline manifest: everything an orchestrator or a reviewer needs, as data. */
export function buildManifest(
  a: Analysis,
  source: { path: string; sha256: string },
  requirements: string[],
  version?: string,
  registry?: string
): Manifest {
  const s = a.notebook.settings;
  const names = naming(a, source.path);
  const v = version ?? s.version ?? '0.1.0';
  const useCases = {
    training: [] as string[],
    prediction: [] as string[],
    evaluation: [] as string[]
  };
  const byName = new Map(a.steps.map(st => [st.name, st]));
  const ordered = a.order.map(n => byName.get(n)!).filter(Boolean);
  const roleOf = (st: Step) => st.role ?? null;
  useCases.training = ordered.map(st => st.name);
  useCases.prediction = ordered
    .filter(st => PREDICTION_ROLES.has(st.role ?? ''))
    .map(st => st.name);
  useCases.evaluation = ordered.filter(st => st.role === 'evaluate').map(st => st.name);
  const manifest: Manifest = {
    manifest_version: MANIFEST_VERSION,
    name: names.name,
    project: names.project,
    algorithm: names.algorithm,
    version: v,
    package: names.pkg,
    owner: s.owner ?? null,
    description: s.description ?? a.notebook.kale?.description ?? null,
    environment: s.environment ?? 'dev',
    schedule: s.schedules?.training ?? s.schedule ?? null,
    schedules: {
      training: s.schedules?.training ?? s.schedule ?? null,
      prediction: s.schedules?.prediction ?? null,
      evaluation: s.schedules?.evaluation ?? null
    },
    operator: s.operator ?? 'local',
    image: imageName(registry ?? s.registry ?? DEFAULT_REGISTRY, names.name, v),
    python: kernelPython(a),
    environments: s.environments ?? {},
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
    use_cases: useCases,
    storage: {
      layout: STORAGE_LAYOUT,
      formats: [...STORAGE_FORMATS],
      record: 'run.json in the run folder, step.json in each step folder',
      reads_missing_from: 'the latest successful training run of the same version, or --from-run'
    },
    volumes: a.volumes.map(v => ({ ...v })),
    requirements,
    exports: {
      airflow: Object.fromEntries(
        USE_CASES.filter(u => useCases[u].length > 0).map(u => [u, `dags/${names.pkg}_${u}_dag.py`])
      ),
      kubeflow: `kubeflow/${names.pkg}_pipeline.py`,
      dockerfile: 'Dockerfile'
    }
  };
  return manifest;
}
