/**
 * Which step each cell of a notebook belongs to, computed from tags alone (pure, so the
 * markers and the pipeline panel work without the service). Mirrors the engine's reading:
 * an untagged code cell joins the step above, not the skip/imports cell above.
 */
import { BLUEPRINT_STEPS, type CellRole, type CellTagging, readTags } from './vocabulary';

/** The little a marker needs to know about a cell. */
export interface ICellInfo {
  id: string;
  type: 'code' | 'markdown' | 'raw';
  tags: readonly string[];
  /** The cell has no code (the engine ignores blank cells). */
  blank?: boolean;
}

/** What to show on one cell. */
export type CellMarker =
  | {
      kind: 'step';
      step: string;
      /** The cell carries the step tag (otherwise it inherits the step above). */
      starts: boolean;
      color: number;
    }
  | { kind: CellRole }
  | { kind: 'none' };

/** Number of colours in the step palette (style/tagging.css defines them). */
export const PALETTE_SIZE = 10;

/** A step's colour: blueprint steps have fixed colours, other names a stable hashed one. */
export function stepColor(step: string): number {
  const index = (BLUEPRINT_STEPS as readonly string[]).indexOf(step);
  if (index >= 0) {
    return index;
  }
  let hash = 0;
  for (const ch of step) {
    hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  }
  const spare = PALETTE_SIZE - BLUEPRINT_STEPS.length;
  return BLUEPRINT_STEPS.length + (hash % spare);
}

/** The tagging of every cell (markdown and raw cells have none). */
export function readAll(cells: readonly ICellInfo[]): (CellTagging | null)[] {
  return cells.map(cell => (cell.type === 'code' ? readTags(cell.tags) : null));
}

/** One marker per cell, in order. */
export function cellMarkers(cells: readonly ICellInfo[]): CellMarker[] {
  let current: string | undefined;
  return readAll(cells).map((tagging): CellMarker => {
    if (tagging === null || tagging.kind === 'injected') {
      return { kind: 'none' };
    }
    if (tagging.kind !== 'step') {
      return { kind: tagging.kind };
    }
    if (tagging.step) {
      current = tagging.step;
      return { kind: 'step', step: current, starts: true, color: stepColor(current) };
    }
    if (current === undefined) {
      // Above the first step tag: the engine gathers these into a step named "main", but a
      // marker on every cell of an untagged notebook would only be noise.
      return { kind: 'none' };
    }
    return { kind: 'step', step: current, starts: false, color: stepColor(current) };
  });
}

/** Step names the notebook uses, in order of first appearance. */
export function notebookSteps(cells: readonly ICellInfo[]): string[] {
  const names: string[] = [];
  for (const tagging of readAll(cells)) {
    if (tagging?.kind === 'step' && tagging.step && !names.includes(tagging.step)) {
      names.push(tagging.step);
    }
  }
  return names;
}

/** The last blueprint step in force strictly above cell `index`, if any. */
export function blueprintStepAbove(cells: readonly ICellInfo[], index: number): string | undefined {
  const markers = cellMarkers(cells.slice(0, Math.max(0, index)));
  for (let i = markers.length - 1; i >= 0; i--) {
    const marker = markers[i];
    if (marker.kind === 'step' && (BLUEPRINT_STEPS as readonly string[]).includes(marker.step)) {
      return marker.step;
    }
  }
  return undefined;
}
