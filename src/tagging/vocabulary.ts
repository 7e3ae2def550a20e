/**
 * The notebook vocabulary of DESIGN.md, read from a cell's `metadata.tags`. Pure: no DOM,
 * no JupyterLab. The service's engine is the authority; this mirrors it for display.
 */

/** Step names of the blueprint, in pipeline order. */
export const BLUEPRINT_STEPS = ['extract', 'preprocess', 'train', 'predict', 'evaluate'] as const;

/** What a step name must look like (`step:<name>`). */
export const STEP_NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;

/** Name of the step that holds code cells above the first step tag (as the engine names it). */
export const DEFAULT_STEP = 'main';

/** Roles a cell can have besides belonging to a step. */
export const CELL_ROLES = ['skip', 'imports', 'functions', 'parameters', 'metrics'] as const;
export type CellRole = (typeof CELL_ROLES)[number];

/** The tag written for each role. */
export const ROLE_TAGS: Record<CellRole, string> = {
  skip: 'skip',
  imports: 'imports',
  functions: 'functions',
  parameters: 'parameters',
  metrics: 'pipeline-metrics'
};

/** Tags read as a role; Kale's `pipeline-parameters` is the same as papermill's `parameters`. */
const ROLE_OF_TAG: Record<string, CellRole | 'injected'> = {
  skip: 'skip',
  imports: 'imports',
  functions: 'functions',
  parameters: 'parameters',
  'pipeline-parameters': 'parameters',
  'pipeline-metrics': 'metrics',
  'injected-parameters': 'injected'
};

// When several role tags are present the most exclusive wins, as in the engine.
const PRECEDENCE: (CellRole | 'injected')[] = [
  'injected',
  'skip',
  'parameters',
  'imports',
  'functions',
  'metrics'
];

/** What a code cell's tags say about it. */
export type CellTagging =
  { kind: 'step'; step?: string; prev: string[] } | { kind: CellRole | 'injected' };

const STEP_TAG = /^(step|block):(.*)$/;
const PREV_TAG = /^prev:(.*)$/;

/** Read one cell's tags. `step` is undefined when the cell joins the step above. */
export function readTags(tags: readonly string[]): CellTagging {
  const roles = new Set<CellRole | 'injected'>();
  let step: string | undefined;
  const prev: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const role = ROLE_OF_TAG[tag];
    if (role) {
      roles.add(role);
      continue;
    }
    const stepMatch = STEP_TAG.exec(tag);
    if (stepMatch && STEP_NAME_PATTERN.test(stepMatch[2]) && step === undefined) {
      step = stepMatch[2];
      continue;
    }
    const prevMatch = PREV_TAG.exec(tag);
    if (prevMatch && STEP_NAME_PATTERN.test(prevMatch[1]) && !prev.includes(prevMatch[1])) {
      prev.push(prevMatch[1]);
    }
  }
  const role = PRECEDENCE.find(r => roles.has(r));
  return role ? { kind: role } : { kind: 'step', step, prev };
}

/** Why a step name is refused, or null when it is fine. */
export type StepNameError = 'empty' | 'pattern';

export function checkStepName(name: string): StepNameError | null {
  if (name === '') {
    return 'empty';
  }
  return STEP_NAME_PATTERN.test(name) ? null : 'pattern';
}

/** Whether a tag is one the picker owns (a step or a role); `prev:` and others are left alone. */
export function isPipelineTag(tag: string): boolean {
  const t = tag.trim();
  return (t in ROLE_OF_TAG && t !== 'injected-parameters') || STEP_TAG.test(t);
}
