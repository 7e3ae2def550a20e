/**
 * A rule in one plain sentence, as an admin reads a card: what it demands, with the
 * defaults the service applies to what the rule leaves unset. Pure.
 */
import { choiceLabel } from './ruleFields';
import { isObject } from './ruleEdits';

type Params = Record<string, unknown>;

const DAYS: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun'
};

/** What a rule demands, in words; how it is enforced is said apart (see `enforcementNote`). */
export function summarizeRule(rule: unknown): string {
  if (!isObject(rule)) {
    return 'Not a rule: fix it in the JSON view.';
  }
  const p: Params = isObject(rule.parameters) ? rule.parameters : {};
  switch (rule.type) {
    case 'review':
      return review(p);
    case 'content':
      return content(p);
    case 'secrets':
      return secrets(p);
    case 'environment_order':
      return order(p);
    case 'metric':
      return metric(p);
    case 'freeze':
      return freeze(p);
    case 'reproduces':
      return reproduces(p);
    default:
      return `Unknown rule type ${JSON.stringify(rule.type ?? null)}.`;
  }
}

/** How the rule is enforced, when it is not simply enforced. */
export function enforcementNote(rule: unknown): string | null {
  const enforcement = isObject(rule) ? rule.enforcement : undefined;
  if (enforcement === 'evaluate') {
    return 'Report only: results are shown, promotion is never blocked.';
  }
  if (enforcement === 'disabled') {
    return 'Off: this rule is skipped.';
  }
  return null;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(items: readonly unknown[], last = 'or'): string {
  const words = items.map(String);
  if (words.length <= 1) {
    return words.join('');
  }
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function review(p: Params): string {
  const approvals = typeof p.approvals === 'number' ? p.approvals : 1;
  const approvers = isObject(p.approvers) ? p.approvers : {};
  const roles = Array.isArray(approvers.roles) ? strings(approvers.roles) : ['reviewer', 'admin'];
  const users = strings(approvers.users);
  const who = [...roles.map(r => choiceLabel('roles', r)), ...users];
  const parts: string[] = [];
  if (approvals === 0) {
    parts.push('Needs no approval');
  } else {
    parts.push(
      `Needs ${plural(approvals, 'approval')} from ${who.length ? list(who) : 'nobody (no approver can count)'}`
    );
  }
  const stale = p.dismissStale ?? 'any_revision';
  if (approvals > 0) {
    parts.push(
      stale === 'never'
        ? 'new revisions keep them'
        : stale === 'code_or_pipeline_change'
          ? 'a new revision that changes code or the pipeline dismisses them'
          : 'any new revision dismisses them'
    );
  }
  for (const owner of Array.isArray(p.stepOwners) ? p.stepOwners : []) {
    if (isObject(owner)) {
      const n = typeof owner.approvals === 'number' ? owner.approvals : 1;
      parts.push(
        `when step ${String(owner.steps ?? '?')} changes, ${plural(n, 'approval')} from ${list(strings(owner.users)) || 'its owners'}`
      );
    }
  }
  if (p.requireResolvedThreads === true) {
    parts.push('every comment thread resolved');
  }
  if (p.changesRequestedBlocks === false) {
    parts.push('a standing “changes requested” does not block');
  }
  return `${parts.join('; ')}.`;
}

function content(p: Params): string {
  const parts: string[] = [];
  const steps = strings(p.requiredSteps);
  if (steps.length) {
    parts.push(`the ${steps.length === 1 ? 'step' : 'steps'} ${list(steps, 'and')}`);
  }
  const fields = (Array.isArray(p.requiredMetadata) ? p.requiredMetadata : [])
    .filter(isObject)
    .map(m => (m.pattern ? `${String(m.field)} (matching ${String(m.pattern)})` : String(m.field)));
  if (fields.length) {
    parts.push(`notebook metadata ${list(fields, 'and')}`);
  }
  const sentences: string[] = [];
  if (parts.length) {
    sentences.push(`Needs ${parts.join(' and ')}.`);
  }
  const forbidden = Array.isArray(p.forbiddenPatterns) ? p.forbiddenPatterns.length : 0;
  if (forbidden) {
    sentences.push(`Refuses ${plural(forbidden, 'forbidden pattern')} in the cells.`);
  }
  const also: string[] = [];
  if (p.noErrorOutputs === true) {
    also.push('no error outputs');
  }
  if (p.requirementsPinned === true) {
    also.push('every requirement pinned with ==');
  }
  if (typeof p.maxCells === 'number') {
    also.push(`at most ${plural(p.maxCells, 'cell')}`);
  }
  if (typeof p.maxNotebookBytes === 'number') {
    also.push(`a notebook of at most ${bytes(p.maxNotebookBytes)}`);
  }
  if (typeof p.maxOutputBytes === 'number') {
    also.push(`no output over ${bytes(p.maxOutputBytes)}`);
  }
  if (also.length) {
    sentences.push(`Wants ${list(also, 'and')}.`);
  }
  return sentences.length
    ? sentences.join(' ')
    : 'Checks nothing yet: pick what the notebook needs.';
}

function bytes(n: number): string {
  if (n >= 1024 * 1024) {
    return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  }
  if (n >= 1024) {
    return `${+(n / 1024).toFixed(1)} KB`;
  }
  return plural(n, 'byte');
}

function secrets(p: Params): string {
  const where = ['sources'];
  if (p.scanOutputs !== false) {
    where.push('outputs');
  }
  if (p.scanMetadata !== false) {
    where.push('metadata');
  }
  let text = `No secrets in the notebook’s ${list(where, 'and')}`;
  const off = strings(p.disabledScanners).length;
  const extra = Array.isArray(p.patterns) ? p.patterns.length : 0;
  const notes: string[] = [];
  if (off) {
    notes.push(`${plural(off, 'scanner')} turned off`);
  }
  if (extra) {
    notes.push(`${plural(extra, 'extra pattern')}`);
  }
  if (notes.length) {
    text += ` (${notes.join(', ')})`;
  }
  return `${text}.`;
}

function order(p: Params): string {
  if (!Array.isArray(p.after)) {
    return 'The same code must be promoted to the environment before this one first.';
  }
  const after = strings(p.after);
  return after.length
    ? `The same code must be promoted to ${list(after, 'and')} first.`
    : 'No environment has to come first.';
}

function metric(p: Params): string {
  const name = typeof p.metric === 'string' && p.metric ? p.metric : 'the metric';
  const op = String(p.operator ?? '>=');
  const words = choiceLabel('operator', op).replace(/ \(.*\)$/, '');
  let text = `${name} must be ${words} ${String(p.value ?? '?')}`;
  const tolerance = isObject(p.noWorseThanCurrent) ? p.noWorseThanCurrent : null;
  if (tolerance) {
    const by: string[] = [];
    if (typeof tolerance.absolute === 'number') {
      by.push(String(tolerance.absolute));
    }
    if (typeof tolerance.relative === 'number') {
      by.push(`${+(tolerance.relative * 100).toFixed(4)}%`);
    }
    const when = p.whenNoCurrent === 'fail' ? 'fails' : 'passes';
    text += `, and no worse than the version now in this environment by more than ${by.join(' or ') || '?'} (${when} when there is none)`;
  }
  return `${text}.`;
}

function freeze(p: Params): string {
  const zone = typeof p.timezone === 'string' ? p.timezone : 'UTC';
  const windows: string[] = [];
  for (const w of Array.isArray(p.weekly) ? p.weekly : []) {
    if (isObject(w)) {
      windows.push(`every ${clock(w.from)} to ${clock(w.to)}`);
    }
  }
  for (const d of Array.isArray(p.dates) ? p.dates : []) {
    if (isObject(d)) {
      windows.push(`from ${String(d.from)} to ${String(d.to)}`);
    }
  }
  return windows.length
    ? `No promotions ${list(windows, 'and')} (${zone}).`
    : 'No freeze window yet: add one.';
}

function clock(value: unknown): string {
  return isObject(value) ? `${DAYS[String(value.day)] ?? '?'} ${String(value.time ?? '?')}` : '?';
}

function reproduces(p: Params): string {
  const useCase = typeof p.useCase === 'string' ? p.useCase : 'training';
  const executor = p.executor === 'airflow' ? 'the environment’s Airflow' : 'the local executor';
  const metrics = strings(p.metrics);
  const which = metrics.length
    ? `${list(metrics, 'and')} as the notebook saved ${metrics.length === 1 ? 'it' : 'them'}`
    : 'every metric the notebook saved';
  const tolerances = (Array.isArray(p.tolerances) ? p.tolerances : []).filter(isObject);
  const within = tolerances.map(t => {
    const by: string[] = [];
    if (typeof t.absolute === 'number') {
      by.push(String(t.absolute));
    }
    if (typeof t.relative === 'number') {
      by.push(`${+(t.relative * 100).toFixed(4)}%`);
    }
    return `${String(t.metric ?? '?')} within ${by.join(' or ') || 'exact'}`;
  });
  const exact = within.length
    ? ` (${within.join(', ')}; others exact for integers, 1e-9 relative for floats)`
    : ' (exact for integers, 1e-9 relative for floats)';
  return `The ${useCase} use case, run on ${executor}, must give ${which}${exact}.`;
}
