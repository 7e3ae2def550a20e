import type { RuleOutcome } from './types';

/** What a rule evaluator answers; the engine adds id, type, enforcement and status. */
export interface Verdict {
  result: RuleOutcome;
  message: string;
  reasons: string[];
  details?: Record<string, unknown>;
}

export function pass(message: string, details?: Record<string, unknown>): Verdict {
  return details
    ? { result: 'pass', message, reasons: [], details }
    : { result: 'pass', message, reasons: [] };
}

export function notApplicable(message: string): Verdict {
  return { result: 'not_applicable', message, reasons: [message] };
}

/** Fails with every reason; the message is the first reason, with a count of the others. */
export function fail(reasons: string[], details?: Record<string, unknown>): Verdict {
  const more = reasons.length > 1 ? ` (and ${reasons.length - 1} more)` : '';
  const v: Verdict = { result: 'fail', message: `${reasons[0]}${more}`, reasons };
  if (details) v.details = details;
  return v;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
