/**
 * Whether a schedule is one Airflow runs: a preset it knows, or a 5-field cron expression
 * whose values are in range (Airflow hands the expression to croniter, which refuses
 * `61 25 * * *` only when the DAG is loaded, far from the notebook). Pure.
 */

/** Airflow's presets (`@once` and its cron presets, plus croniter's `@annually`). */
export const SCHEDULE_PRESETS = [
  '@once',
  '@hourly',
  '@daily',
  '@weekly',
  '@monthly',
  '@quarterly',
  '@yearly',
  '@annually'
] as const;

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // croniter reads 7 as Sunday, as 0.
  { name: 'day of week', min: 0, max: 7, names: DAYS }
];

/** A value of the field as a number: digits, or a name (JAN, MON) where the field has them. */
function valueOf(text: string, field: Field): number | string {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max
      ? n
      : `${field.name} ${text} is out of range (${field.min}-${field.max})`;
  }
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return field === FIELDS[3] ? named + 1 : named;
  return `${field.name} "${text}" is not a number${field.names ? ' or a name' : ''}`;
}

/** What is wrong with one item of a field's list (`*`, `5`, `1-5`, `*\/15`, `MON#2`), or null. */
function itemProblem(item: string, field: Field): string | null {
  const isDayOfWeek = field === FIELDS[4];
  if (field === FIELDS[2] && item.toUpperCase() === 'L') return null;
  if (isDayOfWeek) {
    const nth = /^(\w+)#(\d+)$/.exec(item) ?? /^(\w+)(L)$/i.exec(item);
    if (nth) {
      const day = valueOf(nth[1], field);
      if (typeof day === 'string') return day;
      if (nth[2].toUpperCase() !== 'L' && !(Number(nth[2]) >= 1 && Number(nth[2]) <= 5)) {
        return `day of week "${item}": the week in the month must be 1-5`;
      }
      return null;
    }
  }
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === '') return `${field.name} "${item}" has the wrong form`;
  if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) {
    return `${field.name} "${item}": the step after / must be a whole number from 1`;
  }
  if (range === '*') return null;
  const bounds = range.split('-');
  if (bounds.length > 2 || bounds.some(b => b === '')) {
    return `${field.name} "${item}" has the wrong form`;
  }
  const values = bounds.map(b => valueOf(b, field));
  const wrong = values.find((v): v is string => typeof v === 'string');
  if (wrong) return wrong;
  if (values.length === 2 && (values[0] as number) > (values[1] as number)) {
    return `${field.name} range "${range}" runs backwards`;
  }
  return null;
}

/** Why `expression` is not a schedule Airflow can run, or null when it is one. */
export function scheduleProblem(expression: string): string | null {
  const value = expression.trim();
  if (value.startsWith('@')) {
    return (SCHEDULE_PRESETS as readonly string[]).includes(value)
      ? null
      : `unknown preset; use one of ${SCHEDULE_PRESETS.join(', ')}`;
  }
  const parts = value.split(/\s+/).filter(p => p !== '');
  if (parts.length !== 5) {
    return `a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has ${parts.length}`;
  }
  const problems: string[] = [];
  parts.forEach((part, i) => {
    for (const item of part.split(',')) {
      const problem = itemProblem(item, FIELDS[i]);
      if (problem) {
        problems.push(problem);
        break;
      }
    }
  });
  return problems.length > 0 ? problems.join('; ') : null;
}
