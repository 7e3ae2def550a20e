/** A dialog asking for a new step name, refusing invalid names as you type. */
import { Dialog, ReactWidget, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import React, { useState } from 'react';
import { stepNameMessage } from './stepNameRule';
import { checkStepName } from './vocabulary';

/**
 * Ask for a step name; resolves to a valid name, or null when cancelled. An invalid name
 * brings the dialog back with the rule shown.
 */
export async function askStepName(trans: TranslationBundle, initial = ''): Promise<string | null> {
  let value = initial;
  let showError = false;
  for (;;) {
    const body = new Private.StepNameBody(value, showError, trans);
    const result = await showDialog({
      title: trans.__('New pipeline step'),
      body,
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: trans.__('Tag') })],
      focusNodeSelector: 'input'
    });
    if (!result.button.accept) {
      return null;
    }
    value = (result.value ?? '').trim();
    if (checkStepName(value) === null) {
      return value;
    }
    showError = true;
  }
}

namespace Private {
  export class StepNameBody extends ReactWidget implements Dialog.IBodyWidget<string> {
    constructor(
      value: string,
      showError: boolean,
      private readonly _trans: TranslationBundle
    ) {
      super();
      this._value = value;
      this._showError = showError;
      this.addClass('nbp-StepNameDialog');
    }

    getValue(): string {
      return this._value;
    }

    protected render(): JSX.Element {
      return (
        <StepNameInput
          initial={this._value}
          showError={this._showError}
          trans={this._trans}
          onChange={value => (this._value = value)}
        />
      );
    }

    private _value: string;
    private readonly _showError: boolean;
  }

  function StepNameInput(props: {
    initial: string;
    showError: boolean;
    trans: TranslationBundle;
    onChange: (value: string) => void;
  }): JSX.Element {
    const [value, setValue] = useState(props.initial);
    const error = checkStepName(value.trim());
    const visible = error !== null && (value !== '' || props.showError);
    return (
      <label className="nbp-StepNameField">
        <span>{props.trans.__('Step name')}</span>
        <input
          className="jp-mod-styled"
          value={value}
          placeholder="train"
          aria-invalid={visible}
          aria-describedby="nbp-step-name-error"
          onChange={event => {
            setValue(event.target.value);
            props.onChange(event.target.value);
          }}
        />
        <span id="nbp-step-name-error" role="alert" className="nbp-StepNameError">
          {visible && error ? stepNameMessage(error, value.trim(), props.trans) : ''}
        </span>
      </label>
    );
  }
}
