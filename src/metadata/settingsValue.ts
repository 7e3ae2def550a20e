/**
 * What the settings forms write: a form's data without the empty strings, empty lists and
 * empty objects the form leaves behind, so `metadata.nbpromote` holds only what was set.
 * Pure.
 */
import type { JSONObject, JSONValue } from '@lumino/coreutils';

/** A copy of `value` without empty leaves; undefined when nothing is left. */
export function pruneEmpty(value: unknown): JSONValue | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = value.map(pruneEmpty).filter((v): v is JSONValue => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object') {
    const out: JSONObject = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const pruned = pruneEmpty(item);
      if (pruned !== undefined) {
        out[key] = pruned;
      }
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value as JSONValue;
}

/** A metadata value read back as a form's data (anything but an object reads as empty). */
export function asFormData(value: unknown): JSONObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JSONObject) : {};
}

/** Whether a schedule may be stored (the form shows why not). */
export type ScheduleCheck = (value: string) => boolean;

/**
 * What a settings form may write: its data, except a schedule it flags, for which the stored
 * value stays (or none). The form keeps showing what was typed; the notebook never holds a
 * schedule that would not run.
 */
export function storableSettings(
  formData: JSONObject,
  stored: JSONObject,
  valid: ScheduleCheck
): JSONObject {
  const out: JSONObject = { ...formData };
  const keep = (value: JSONValue | undefined, old: JSONValue | undefined) =>
    typeof value === 'string' && value.trim() !== '' && !valid(value) ? old : value;
  const schedule = keep(formData.schedule, stored.schedule);
  if (schedule === undefined) delete out.schedule;
  else out.schedule = schedule;
  const schedules = asFormData(formData.schedules);
  if (formData.schedules !== undefined) {
    const storedSchedules = asFormData(stored.schedules);
    const kept: JSONObject = {};
    for (const [useCase, value] of Object.entries(schedules)) {
      const v = keep(value, storedSchedules[useCase]);
      if (v !== undefined) kept[useCase] = v;
    }
    out.schedules = kept;
  }
  return out;
}
