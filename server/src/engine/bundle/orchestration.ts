import type { Manifest, ManifestStep, UseCase } from './manifest';

/** What an orchestrator needs to run one step in a container. */
export interface StepRuntime {
  /** The step's own image, or null for the bundle's. */
  image: string | null;
  /** Kubernetes resource requests and limits, as quantity strings. */
  requests: Record<string, string>;
  limits: Record<string, string>;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  cache: boolean;
}

export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * Requests from the step's resources; GPUs are limits (Kubernetes takes them only there),
 * and explicit limits win over both.
 */
export function stepRuntime(s: ManifestStep): StepRuntime {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (s.resources.cpu !== undefined) requests.cpu = String(s.resources.cpu);
  if (s.resources.memory !== undefined) requests.memory = s.resources.memory;
  if (s.resources.gpu) limits[GPU_RESOURCE] = String(s.resources.gpu);
  Object.assign(limits, s.limits ?? {});
  return {
    image: s.image ?? null,
    requests,
    limits,
    annotations: { ...(s.annotations ?? {}) },
    labels: { ...(s.labels ?? {}) },
    cache: s.cache ?? true
  };
}

const JSON_TYPES: Record<string, string> = {
  int: 'integer',
  float: 'number',
  str: 'string',
  bool: 'boolean',
  list: 'array',
  dict: 'object'
};

/**
 * Parameters an orchestrator run may set: those with a plain typed default. Defaults
 * computed by code (`expression`) or `None` stay as the notebook computes them.
 */
export function overridableParameters(m: Manifest) {
  return m.parameters
    .filter(p => JSON_TYPES[p.type] !== undefined)
    .map(p => ({ name: p.name, type: p.type, default: p.default, jsonType: JSON_TYPES[p.type] }));
}

/**
 * Dependencies among the steps of a use case: an edge to a step the use case does not run
 * is replaced by that step's own dependencies, so the order the manifest gives still holds.
 */
export function useCaseEdges(m: Manifest, useCase: UseCase): Map<string, string[]> {
  const inUseCase = new Set(m.use_cases[useCase]);
  const byName = new Map(m.steps.map(s => [s.name, s]));
  const resolve = (name: string, seen: Set<string>): string[] => {
    if (inUseCase.has(name)) return [name];
    if (seen.has(name)) return [];
    seen.add(name);
    return (byName.get(name)?.depends_on ?? []).flatMap(d => resolve(d, seen));
  };
  const edges = new Map<string, string[]>();
  for (const name of m.order.filter(s => inUseCase.has(s))) {
    const deps = (byName.get(name)?.depends_on ?? []).flatMap(d => resolve(d, new Set()));
    edges.set(name, [...new Set(deps)].sort());
  }
  return edges;
}
