/**
 * How far a run's metric may be from the notebook's and still reproduce it. Both bounds apply
 * as Python's `math.isclose` does: within when |run - notebook| <= max(absolute,
 * relative * max(|run|, |notebook|)).
 */
export interface Tolerance {
  absolute?: number;
  relative?: number;
}

export interface EffectiveTolerance {
  absolute: number;
  relative: number;
}

/** Floats from the same code on the same data may differ in the last bits, nothing more. */
export const FLOAT_RELATIVE_DEFAULT = 1e-9;

/**
 * The tolerance a metric gets: the one given for it, else exact for integers (counts, labels)
 * and 1e-9 relative for anything else.
 */
export function toleranceFor(
  notebook: number,
  run: number,
  given: Tolerance | undefined
): EffectiveTolerance {
  if (given !== undefined) {
    return { absolute: given.absolute ?? 0, relative: given.relative ?? 0 };
  }
  if (Number.isInteger(notebook) && Number.isInteger(run)) return { absolute: 0, relative: 0 };
  return { absolute: 0, relative: FLOAT_RELATIVE_DEFAULT };
}

export function isWithin(notebook: number, run: number, t: EffectiveTolerance): boolean {
  if (notebook === run) return true;
  const bound = Math.max(t.absolute, t.relative * Math.max(Math.abs(notebook), Math.abs(run)));
  return Math.abs(run - notebook) <= bound;
}

export function describeTolerance(t: EffectiveTolerance): string {
  if (t.absolute === 0 && t.relative === 0) return 'exact';
  const parts: string[] = [];
  if (t.absolute > 0) parts.push(`absolute ${t.absolute}`);
  if (t.relative > 0) parts.push(`relative ${t.relative}`);
  return parts.join(' or ');
}
