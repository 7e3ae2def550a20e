import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ISignal } from '@lumino/signaling';
import * as React from 'react';
import type { RulesEditorModel } from './rulesEditorModel';
import { RulesEditorView } from './RulesEditorView';
import { rulesSchema } from './rulesSchema';

/** The rules editor's content: renders the model, re-rendering on its changes. */
export class RulesEditorContent extends ReactWidget {
  constructor(
    readonly model: RulesEditorModel,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-nbpromote-RulesPanel');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed as ISignal<unknown, void>}>
        {() => <RulesEditorView model={this.model} schema={rulesSchema} trans={this._trans} />}
      </UseSignal>
    );
  }

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }
}
