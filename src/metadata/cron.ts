/**
 * Reading a schedule: a 5-field cron expression or an Airflow preset, checked and put into
 * words with cronstrue. Pure.
 */
import cronstrue from 'cronstrue';

/** Airflow's presets, which the notebook schema also accepts. */
const PRESETS: Record<string, string> = {
  '@once': 'Once',
  '@hourly': 'Every hour',
  '@daily': 'Every day at midnight',
  '@weekly': 'Every Sunday at midnight',
  '@monthly': 'On the first day of every month at midnight',
  '@quarterly': 'On the first day of January, April, July and October at midnight',
  '@yearly': 'On January 1st at midnight',
  '@annually': 'On January 1st at midnight'
};

export type CronReading = { ok: true; text: string } | { ok: false; error: string };

/** Put a schedule into words, or say why it is not a schedule. */
export function readSchedule(expression: string): CronReading {
  const value = expression.trim();
  if (value === '') {
    return { ok: false, error: 'The schedule is empty.' };
  }
  if (value.startsWith('@')) {
    const text = PRESETS[value];
    return text
      ? { ok: true, text }
      : {
          ok: false,
          error: `Unknown preset "${value}"; use one of ${Object.keys(PRESETS).join(', ')}.`
        };
  }
  const fields = value.split(/\s+/);
  if (fields.length !== 5) {
    return {
      ok: false,
      error:
        `A cron expression has 5 fields (minute hour day-of-month month day-of-week); ` +
        `this one has ${fields.length}.`
    };
  }
  try {
    const text = cronstrue.toString(value, {
      throwExceptionOnParseError: true,
      use24HourTimeFormat: true,
      verbose: false
    });
    return { ok: true, text };
  } catch (reason) {
    const message = reason instanceof Error ? reason.message : String(reason);
    return { ok: false, error: message.replace(/^Error:\s*/, '') };
  }
}
