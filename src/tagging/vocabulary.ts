/**
 * The notebook vocabulary of DESIGN.md, read from a cell's `metadata.tags`. Pure: no DOM,
 * no JupyterLab. The service's engine is the authority; this mirrors it for display.
 */

/** The vocabulary as `schema/vocabulary.json` defines it for the extension and the engine. */
interface Vocabulary {
  blueprintSteps: string[];
  stepNamePattern: string;
  defaultStep: string;
  roleTags: Record<string, string>;
  rolePrecedence: string[];
}

// Required, not imported: it lives outside src/ (see metadata/schemas.ts).
declare const require: (path: string) => unknown;
const VOCABULARY = require('../../schema/vocabulary.json') as Vocabulary;

/** Step names of the blueprint, in pipeline order. */
export const BLUEPRINT_STEPS: readonly string[] = VOCABULARY.blueprintSteps;

/** What a step name must look like (`step:<name>`). */
export const STEP_NAME_PATTERN = new RegExp(VOCABULARY.stepNamePattern);

/** Name of the step that holds code cells above the first step tag (as the engine names it). */
export const DEFAULT_STEP = VOCABULARY.defaultStep;

/** Roles a cell can have besides belonging to a step. */
export const CELL_ROLES = ['skip', 'imports', 'functions', 'parameters', 'metrics'] as const;
export type CellRole = (typeof CELL_ROLES)[number];

/** Tags read as a role; Kale's `pipeline-parameters` is the same as papermill's `parameters`. */
const ROLE_OF_TAG = VOCABULARY.roleTags as Record<string, CellRole | 'injected'>;

/** The tag written for each role: the first tag read as it. */
export const ROLE_TAGS = Object.fromEntries(
  CELL_ROLES.map(role => [role, Object.keys(ROLE_OF_TAG).find(tag => ROLE_OF_TAG[tag] === role)!])
) as Record<CellRole, string>;

// When several role tags are present the most exclusive wins, as in the engine.
const PRECEDENCE = VOCABULARY.rolePrecedence as (CellRole | 'injected')[];

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
