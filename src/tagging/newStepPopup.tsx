/**
 * The step picker's "New step…" field: a name input and a Tag button in a popup over the
 * notebook. It lives on the page body, not in the cell toolbar: the toolbar clips what
 * overflows it and the next cell is drawn over it. Enter tags, Escape or a click elsewhere
 * cancels; invalid names are refused with the rule shown.
 */
import { ReactWidget } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import React, { useEffect, useRef, useState } from 'react';
import { stepNameMessage } from './stepNameRule';
import { checkStepName } from './vocabulary';

export namespace NewStepPopup {
  export interface IOptions {
    /** What the popup opens under (the picker's select); focus returns to it. */
    anchor: HTMLElement;
    trans: TranslationBundle;
    onTag: (step: string) => void;
  }
}

export class NewStepPopup extends ReactWidget {
  /** Open the popup under `anchor`, its input focused. */
  static open(options: NewStepPopup.IOptions): NewStepPopup {
    const popup = new NewStepPopup(options);
    Widget.attach(popup, document.body);
    return popup;
  }

  constructor(options: NewStepPopup.IOptions) {
    super();
    this._options = options;
    this.addClass('nbp-StepPicker-new');
    this.node.setAttribute('role', 'dialog');
    this.node.setAttribute('aria-label', options.trans.__('New pipeline step'));
  }

  handleEvent(event: Event): void {
    if (event.type === 'mousedown') {
      if (!this.node.contains(event.target as Node)) {
        this.dispose();
      }
    } else {
      this._place();
    }
  }

  protected onAfterAttach(msg: Parameters<Widget['processMessage']>[0]): void {
    super.onAfterAttach(msg);
    document.addEventListener('mousedown', this, true);
    document.addEventListener('scroll', this, true);
    window.addEventListener('resize', this);
    this._place();
  }

  protected onBeforeDetach(msg: Parameters<Widget['processMessage']>[0]): void {
    super.onBeforeDetach(msg);
    document.removeEventListener('mousedown', this, true);
    document.removeEventListener('scroll', this, true);
    window.removeEventListener('resize', this);
  }

  protected render(): JSX.Element {
    return (
      <NewStepField
        trans={this._options.trans}
        onTag={step => {
          this._close();
          this._options.onTag(step);
        }}
        onCancel={() => this._close()}
      />
    );
  }

  /** Under the anchor, right edges aligned, kept inside the window. */
  private _place(): void {
    const anchor = this._options.anchor;
    if (!anchor.isConnected) {
      this.dispose();
      return;
    }
    const rect = anchor.getBoundingClientRect();
    const width = this.node.offsetWidth;
    const left = Math.min(Math.max(4, rect.right - width), window.innerWidth - width - 4);
    this.node.style.top = `${rect.bottom + 4}px`;
    this.node.style.left = `${Math.max(4, left)}px`;
  }

  private _close(): void {
    const anchor = this._options.anchor;
    this.dispose();
    anchor.focus();
  }

  private readonly _options: NewStepPopup.IOptions;
}

function NewStepField(props: {
  trans: TranslationBundle;
  onTag: (step: string) => void;
  onCancel: () => void;
}): JSX.Element {
  const { trans } = props;
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const error = checkStepName(name.trim());
  const showError = error !== null && (name !== '' || tried);

  const submit = () => {
    setTried(true);
    const step = name.trim();
    if (checkStepName(step) === null) {
      props.onTag(step);
    }
  };

  return (
    <>
      <input
        ref={input}
        className="nbp-StepPicker-input jp-mod-styled"
        aria-label={trans.__('New step name')}
        aria-invalid={showError}
        aria-describedby="nbp-StepPicker-error"
        placeholder={trans.__('step name, e.g. clean')}
        value={name}
        onChange={event => setName(event.target.value)}
        onKeyDown={event => {
          // Enter and Escape are this field's; the notebook's shortcuts must not see them.
          if (event.key === 'Enter') {
            event.preventDefault();
            event.stopPropagation();
            submit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            props.onCancel();
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
    </>
  );
}
