/**
 * Secret findings as the check's problems: each names its cell and line and shows the value
 * masked, as the Promote dialog does. An error, since the default rules refuse secrets in
 * every environment; findings an admin accepted (by hash) are left out.
 */
import type { Problem } from '../engine/types';
import type { SecretFinding } from './secretText';

/** Where in its cell (the problem names the cell and, for a source, the line). */
function placeInCell(f: SecretFinding): string {
  switch (f.place) {
    case 'output':
      return `in output ${f.output}${f.field ? ` (${f.field})` : ''}, line ${f.line}`;
    case 'cell_metadata':
      return `in the cell's metadata ${f.field}`;
    case 'metadata':
      return `in the notebook's metadata ${f.field}`;
    default:
      return 'in the source';
  }
}

export function secretProblems(
  findings: readonly SecretFinding[] | null,
  accepted: ReadonlySet<string> = new Set()
): Problem[] {
  if (findings === null) {
    return [
      {
        severity: 'warning',
        code: 'secret_scan_failed',
        message: 'The secret scan could not run; check the notebook again.'
      }
    ];
  }
  return findings
    .filter(f => !accepted.has(f.sha256))
    .map(f => {
      const p: Problem = {
        severity: 'error',
        code: 'possible_secret',
        message: `Possible secret (${f.kind}) ${placeInCell(f)}: ${f.masked}. Remove it from the notebook (rotate it if it was real).`
      };
      if (f.cell !== undefined) p.cell = f.cell;
      if (f.cellId !== undefined) p.cellId = f.cellId;
      if (f.place === 'source') p.line = f.line;
      return p;
    });
}
