/**
 * Tag editing as pure functions over a cell's tag list: what the picker, the commands and
 * the shortcuts write. A cell gets one pipeline tag (a step or a role); other tags, such as
 * `prev:` dependencies or the user's own, are kept in place.
 */
import {
  BLUEPRINT_STEPS,
  type CellRole,
  type CellTagging,
  ROLE_TAGS,
  checkStepName,
  isPipelineTag,
  readTags
} from './vocabulary';

/** One edit the user asked for. */
export type TagChange =
  { kind: 'step'; step: string } | { kind: 'role'; role: CellRole } | { kind: 'clear' };

/** The tags after a change; the input is not modified. */
export function applyTagChange(tags: readonly string[], change: TagChange): string[] {
  if (change.kind === 'step' && checkStepName(change.step) !== null) {
    throw new Error(`"${change.step}" is not a valid step name.`);
  }
  const kept = tags.filter(tag => !isPipelineTag(tag));
  switch (change.kind) {
    case 'step':
      return [...kept, `step:${change.step}`];
    case 'role':
      return [...kept, ROLE_TAGS[change.role]];
    case 'clear':
      return kept;
  }
}

/** Whether a cell's tags give it this role. */
export function hasRole(tags: readonly string[], role: CellRole): boolean {
  return readTags(tags).kind === role;
}

/**
 * The change a role command makes on the selected cells: it sets the role, or, when every
 * cell has it already, removes it (so pressing the shortcut twice undoes it).
 */
export function toggleRole(cellsTags: readonly (readonly string[])[], role: CellRole): TagChange {
  const all = cellsTags.length > 0 && cellsTags.every(tags => hasRole(tags, role));
  return all ? { kind: 'clear' } : { kind: 'role', role };
}

/**
 * The blueprint step after the one in force at a cell: `extract` when no blueprint step is
 * in force yet, undefined after `evaluate`.
 */
export function nextBlueprintStep(stepInForce: string | undefined): string | undefined {
  if (stepInForce === undefined) {
    return BLUEPRINT_STEPS[0];
  }
  const index = (BLUEPRINT_STEPS as readonly string[]).indexOf(stepInForce);
  if (index < 0) {
    return BLUEPRINT_STEPS[0];
  }
  return BLUEPRINT_STEPS[index + 1];
}

/** The picker's value for a cell: `step:<name>`, a role, or '' (untagged). */
export function pickerValue(tagging: CellTagging): string {
  if (tagging.kind === 'step') {
    return tagging.step ? `step:${tagging.step}` : '';
  }
  return tagging.kind === 'injected' ? '' : tagging.kind;
}
