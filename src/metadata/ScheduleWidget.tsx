/** The schedule field: a cron expression with its reading in words, or why it is wrong. */
import type { WidgetProps } from '@rjsf/utils';
import React from 'react';
import { readSchedule } from './cron';

export function ScheduleWidget(props: WidgetProps): JSX.Element {
  const value = typeof props.value === 'string' ? props.value : '';
  const reading = value.trim() === '' ? null : readSchedule(value);
  return (
    <div className="nbp-Schedule">
      <input
        id={props.id}
        className="form-control"
        type="text"
        value={value}
        placeholder="0 6 * * 1"
        aria-invalid={reading !== null && !reading.ok}
        aria-describedby={`${props.id}-reading`}
        disabled={props.disabled || props.readonly}
        onChange={event =>
          props.onChange(event.target.value === '' ? undefined : event.target.value)
        }
        onBlur={() => props.onBlur(props.id, value)}
        onFocus={() => props.onFocus(props.id, value)}
      />
      <div
        id={`${props.id}-reading`}
        className={`nbp-Schedule-reading${reading && !reading.ok ? ' nbp-mod-error' : ''}`}
        aria-live="polite"
      >
        {reading === null ? '' : reading.ok ? reading.text : reading.error}
      </div>
    </div>
  );
}
