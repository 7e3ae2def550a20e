/** Freeze windows: weekly (e.g. Friday 16:00 to Monday 08:00, in a time zone) and one-off dates. */
import type { EvaluationFacts } from './facts';
import type { Clock, FreezeRule } from './types';
import { fail, pass, type Verdict } from './verdict';

const DAYS: Clock['day'][] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEK = 7 * 24 * 60;

/** Minutes since Monday 00:00 of `now` in `timeZone`. */
export function minuteOfWeek(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  }).formatToParts(now);
  const get = (t: string) => parts.find(p => p.type === t)?.value ?? '';
  const day = DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3) as Clock['day']);
  return day * 24 * 60 + Number(get('hour')) * 60 + Number(get('minute'));
}

function at(c: Clock): number {
  const [h, m] = c.time.split(':').map(Number);
  return DAYS.indexOf(c.day) * 24 * 60 + h * 60 + m;
}

function label(c: Clock): string {
  return `${c.day[0].toUpperCase()}${c.day.slice(1)} ${c.time}`;
}

/** Whether minute `t` of the week lies in [from, to), windows may wrap past Sunday. */
export function inWeekly(t: number, from: Clock, to: Clock): boolean {
  const a = at(from);
  const b = at(to);
  if (a === b) return false;
  return a < b ? t >= a && t < b : t >= a || t < b || t >= WEEK;
}

export function evaluateFreeze(rule: FreezeRule, facts: EvaluationFacts): Verdict {
  const p = rule.parameters;
  const zone = p.timezone ?? 'UTC';
  const now = facts.now;
  const t = minuteOfWeek(now, zone);
  const reasons: string[] = [];
  for (const w of p.weekly ?? []) {
    if (inWeekly(t, w.from, w.to)) {
      reasons.push(
        `${facts.environment} is frozen from ${label(w.from)} to ${label(w.to)} (${zone})`
      );
    }
  }
  for (const d of p.dates ?? []) {
    const ms = now.getTime();
    if (ms >= Date.parse(d.from) && ms < Date.parse(d.to)) {
      reasons.push(`${facts.environment} is frozen from ${d.from} to ${d.to}`);
    }
  }
  if (reasons.length > 0) return fail(reasons, { now: now.toISOString(), timezone: zone });
  return pass(`no freeze in effect now`);
}
