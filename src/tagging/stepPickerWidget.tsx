/** The cell-toolbar item holding the step picker of one cell. */
import { ReactWidget } from '@jupyterlab/apputils';
import type { Cell } from '@jupyterlab/cells';
import type { Notebook } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import React from 'react';
import { CommandIDs } from '../commandIds';
import { notebookSteps } from './cellSteps';
import { NewStepPopup } from './newStepPopup';
import { readCells } from './notebookWatcher';
import { StepPicker } from './StepPicker';
import { type TagChange, pickerValue } from './tagEdit';
import { readTags } from './vocabulary';

export namespace StepPickerWidget {
  export interface IOptions {
    cell: Cell;
    /** The notebook holding the cell, if known (for its own step names and selection). */
    notebook: Notebook | null;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }
}

export class StepPickerWidget extends ReactWidget {
  constructor(options: StepPickerWidget.IOptions) {
    super();
    this._cell = options.cell;
    this._notebook = options.notebook;
    this._commands = options.commands;
    this._trans = options.trans;
    this.addClass('nbp-StepPickerItem');
    this._cell.model.metadataChanged.connect(this._onChange, this);
    this._notebook?.selectionChanged.connect(this._onChange, this);
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    if (!this._cell.isDisposed) {
      this._cell.model.metadataChanged.disconnect(this._onChange, this);
    }
    this._notebook?.selectionChanged.disconnect(this._onChange, this);
    this._popup?.dispose();
    super.dispose();
  }

  protected render(): JSX.Element | null {
    if (this._cell.model.type !== 'code') {
      return null;
    }
    const tags = this._cell.model.getMetadata('tags');
    const value = pickerValue(
      readTags(Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [])
    );
    const nb = this._notebook;
    const ownSteps = nb?.model ? notebookSteps(readCells(nb.model)) : [];
    const count = nb
      ? nb.widgets.filter(c => c.model.type === 'code' && nb.isSelectedOrActive(c)).length
      : 1;
    return (
      <StepPicker
        value={value}
        ownSteps={ownSteps}
        count={Math.max(count, 1)}
        trans={this._trans}
        onPick={change => void this._pick(change)}
        onNewStep={anchor => this._askNewStep(anchor)}
      />
    );
  }

  private _askNewStep(anchor: HTMLElement): void {
    this._popup?.dispose();
    this._popup = NewStepPopup.open({
      anchor,
      trans: this._trans,
      onTag: step => void this._pick({ kind: 'step', step })
    });
  }

  private async _pick(change: TagChange): Promise<void> {
    switch (change.kind) {
      case 'step':
        await this._commands.execute(CommandIDs.tagStep, { step: change.step });
        break;
      case 'clear':
        await this._commands.execute(CommandIDs.untagCells);
        break;
      case 'role':
        await this._commands.execute(Private.ROLE_COMMANDS[change.role]);
        break;
    }
  }

  private _onChange(): void {
    this.update();
  }

  private _popup: NewStepPopup | null = null;
  private readonly _cell: Cell;
  private readonly _notebook: Notebook | null;
  private readonly _commands: CommandRegistry;
  private readonly _trans: TranslationBundle;
}

namespace Private {
  export const ROLE_COMMANDS = {
    skip: CommandIDs.tagSkip,
    imports: CommandIDs.tagImports,
    functions: CommandIDs.tagFunctions,
    parameters: CommandIDs.tagParameters,
    metrics: CommandIDs.tagMetrics
  } as const;
}
