/**
 * The step picker of the cell toolbar: a select listing the blueprint steps, the notebook's
 * own steps, "New step…" and the other roles. Picking applies to every selected cell
 * (through the tagging commands). "New step…" asks the owner to open the name field.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { TagChange } from './tagEdit';
import { BLUEPRINT_STEPS, CELL_ROLES, type CellRole } from './vocabulary';

const NEW_STEP = '__new__';

export namespace StepPicker {
  export interface IProps {
    /** `step:<name>`, a role, or '' for an untagged cell. */
    value: string;
    /** The notebook's own step names that are not blueprint names. */
    ownSteps: string[];
    /** How many cells a pick applies to. */
    count: number;
    trans: TranslationBundle;
    onPick: (change: TagChange) => void;
    /** "New step…" was picked; `anchor` is the select, for placing the name field. */
    onNewStep: (anchor: HTMLElement) => void;
  }
}

export function StepPicker(props: StepPicker.IProps): JSX.Element {
  const { trans } = props;

  const roleLabels: Record<CellRole, string> = {
    skip: trans.__('skip (not in production)'),
    imports: trans.__('imports (shared setup)'),
    functions: trans.__('functions (shared setup)'),
    parameters: trans.__('parameters'),
    metrics: trans.__('pipeline metrics')
  };
  const label =
    props.count > 1
      ? trans.__('Pipeline step of the %1 selected cells', String(props.count))
      : trans.__('Pipeline step of this cell');

  const onSelect = (value: string, select: HTMLSelectElement) => {
    if (value === NEW_STEP) {
      props.onNewStep(select);
      return;
    }
    if (value === '') {
      props.onPick({ kind: 'clear' });
    } else if (value.startsWith('step:')) {
      props.onPick({ kind: 'step', step: value.slice('step:'.length) });
    } else {
      props.onPick({ kind: 'role', role: value as CellRole });
    }
  };

  const current = props.value.startsWith('step:') ? props.value.slice(5) : undefined;
  const own = props.ownSteps.filter(s => !(BLUEPRINT_STEPS as readonly string[]).includes(s));
  if (
    current &&
    !own.includes(current) &&
    !(BLUEPRINT_STEPS as readonly string[]).includes(current)
  ) {
    own.push(current);
  }

  return (
    <div className="nbp-StepPicker">
      <select
        className="nbp-StepPicker-select"
        aria-label={label}
        title={label}
        value={props.value}
        onChange={event => onSelect(event.target.value, event.target)}
      >
        <option value="">{trans.__('— no tag (joins step above)')}</option>
        <optgroup label={trans.__('Blueprint steps')}>
          {BLUEPRINT_STEPS.map(step => (
            <option key={step} value={`step:${step}`}>
              {step}
            </option>
          ))}
        </optgroup>
        {own.length > 0 && (
          <optgroup label={trans.__("This notebook's steps")}>
            {own.map(step => (
              <option key={step} value={`step:${step}`}>
                {step}
              </option>
            ))}
          </optgroup>
        )}
        <option value={NEW_STEP}>{trans.__('New step…')}</option>
        <optgroup label={trans.__('Other roles')}>
          {CELL_ROLES.map(role => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}
