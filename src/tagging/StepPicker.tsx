/**
 * The step picker of the cell toolbar: a select listing the blueprint steps, the notebook's
 * own steps, "New step…" and the other roles. Picking applies to every selected cell
 * (through the tagging commands). A new step name is typed inline and refused, with the
 * rule shown, unless it matches `^[a-z_][a-z0-9_]*$`.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useState } from 'react';
import type { TagChange } from './tagEdit';
import { stepNameMessage } from './stepNameRule';
import { BLUEPRINT_STEPS, CELL_ROLES, type CellRole, checkStepName } from './vocabulary';

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
  }
}

export function StepPicker(props: StepPicker.IProps): JSX.Element {
  const { trans } = props;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const error = checkStepName(name.trim());
  const showError = error !== null && (name !== '' || tried);

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

  const onSelect = (value: string) => {
    if (value === NEW_STEP) {
      setEditing(true);
      setTried(false);
      setName('');
      return;
    }
    setEditing(false);
    if (value === '') {
      props.onPick({ kind: 'clear' });
    } else if (value.startsWith('step:')) {
      props.onPick({ kind: 'step', step: value.slice('step:'.length) });
    } else {
      props.onPick({ kind: 'role', role: value as CellRole });
    }
  };

  const submit = () => {
    setTried(true);
    const step = name.trim();
    if (checkStepName(step) === null) {
      setEditing(false);
      props.onPick({ kind: 'step', step });
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
        value={editing ? NEW_STEP : props.value}
        onChange={event => onSelect(event.target.value)}
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
      {editing && (
        <div className="nbp-StepPicker-new">
          <input
            className="nbp-StepPicker-input jp-mod-styled"
            aria-label={trans.__('New step name')}
            aria-invalid={showError}
            aria-describedby="nbp-StepPicker-error"
            placeholder={trans.__('step name, e.g. clean')}
            value={name}
            autoFocus
            onChange={event => setName(event.target.value)}
            onKeyDown={event => {
              // Keep Enter/Escape from reaching the notebook's own shortcuts.
              if (event.key === 'Enter') {
                event.preventDefault();
                event.stopPropagation();
                submit();
              } else if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                setEditing(false);
              }
            }}
          />
          <button
            type="button"
            className="jp-mod-styled jp-mod-accept nbp-StepPicker-apply"
            onClick={submit}
          >
            {trans.__('Tag')}
          </button>
          {showError && error && (
            <div id="nbp-StepPicker-error" role="alert" className="nbp-StepPicker-error">
              {stepNameMessage(error, name.trim(), trans)}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
