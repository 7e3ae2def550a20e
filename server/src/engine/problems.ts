import type { NotebookCell, Problem, Severity } from './types';

/** Collects problems; each names the cell (number and id) when it is about one. */
export class ProblemList {
  readonly items: Problem[] = [];

  add(
    severity: Severity,
    code: string,
    message: string,
    where: { cell?: NotebookCell; line?: number; step?: string; variable?: string } = {}
  ): void {
    const p: Problem = { severity, code, message };
    if (where.cell) {
      p.cell = where.cell.index + 1;
      p.cellId = where.cell.id;
    }
    if (where.line !== undefined) p.line = where.line;
    if (where.step !== undefined) p.step = where.step;
    if (where.variable !== undefined) p.variable = where.variable;
    this.items.push(p);
  }

  error(code: string, message: string, where?: Parameters<ProblemList['add']>[3]): void {
    this.add('error', code, message, where);
  }

  warning(code: string, message: string, where?: Parameters<ProblemList['add']>[3]): void {
    this.add('warning', code, message, where);
  }

  sorted(): Problem[] {
    return sortProblems(this.items);
  }
}

/** Errors first, then by cell, line and code: a stable order for humans and tests. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const rank = (p: Problem) => (p.severity === 'error' ? 0 : 1);
  return [...problems].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.cell ?? 0) - (b.cell ?? 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message)
  );
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some(p => p.severity === 'error');
}

/** "cell 7 (id 3f2a), line 2, step train, variable model: message" */
export function formatProblem(p: Problem): string {
  const where: string[] = [];
  if (p.cell !== undefined) where.push(`cell ${p.cell}${p.cellId ? ` (id ${p.cellId})` : ''}`);
  if (p.line !== undefined) where.push(`line ${p.line}`);
  if (p.step !== undefined) where.push(`step ${p.step}`);
  if (p.variable !== undefined) where.push(`variable ${p.variable}`);
  const prefix = where.length ? `${where.join(', ')}: ` : '';
  return `${p.severity} [${p.code}] ${prefix}${p.message}`;
}
