/**
 * Paints every cell of a notebook with its step: a coloured left border and a badge with
 * the step name on the cell that starts a step, a faint border on the cells that inherit
 * it, a neutral badge on skip/setup/parameter/metric cells. Only attributes and classes are
 * set; style/tagging.css draws them.
 */
import type { Notebook } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import { type CellMarker, cellMarkers } from './cellSteps';
import type { NotebookWatcher } from './notebookWatcher';

const MARKED = 'nbp-mod-marked';
const STARTS = 'nbp-mod-stepStart';
const INHERITS = 'nbp-mod-stepInherited';
const ROLE = 'nbp-mod-role';

export namespace StepMarkers {
  export interface IOptions {
    notebook: Notebook;
    watcher: NotebookWatcher;
    trans: TranslationBundle;
  }
}

export class StepMarkers {
  constructor(options: StepMarkers.IOptions) {
    this._notebook = options.notebook;
    this._watcher = options.watcher;
    this._trans = options.trans;
    this._watcher.tagsChanged.connect(this._schedule, this);
    this._schedule();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    cancelAnimationFrame(this._frame);
    this._watcher.tagsChanged.disconnect(this._schedule, this);
  }

  /** Repaint once per frame at most; cell widgets for new cells exist by then. */
  private _schedule(): void {
    cancelAnimationFrame(this._frame);
    this._frame = requestAnimationFrame(() => this._paint());
  }

  private _paint(): void {
    if (this._isDisposed || this._notebook.isDisposed) {
      return;
    }
    const markers = cellMarkers(this._watcher.cells());
    this._notebook.widgets.forEach((cell, index) => {
      this._paintOne(cell.node, markers[index] ?? { kind: 'none' });
    });
  }

  private _paintOne(node: HTMLElement, marker: CellMarker): void {
    node.classList.remove(MARKED, STARTS, INHERITS, ROLE);
    if (marker.kind === 'none') {
      delete node.dataset.nbpStep;
      delete node.dataset.nbpColor;
      delete node.dataset.nbpLabel;
      return;
    }
    node.classList.add(MARKED);
    if (marker.kind === 'step') {
      node.classList.add(marker.starts ? STARTS : INHERITS);
      node.dataset.nbpStep = marker.step;
      node.dataset.nbpColor = String(marker.color);
      node.dataset.nbpLabel = marker.step;
      return;
    }
    node.classList.add(ROLE);
    delete node.dataset.nbpStep;
    delete node.dataset.nbpColor;
    node.dataset.nbpLabel = Private.roleLabel(marker.kind, this._trans);
  }

  private readonly _notebook: Notebook;
  private readonly _watcher: NotebookWatcher;
  private readonly _trans: TranslationBundle;
  private _frame = 0;
  private _isDisposed = false;
}

namespace Private {
  export function roleLabel(
    role: Exclude<CellMarker['kind'], 'step' | 'none'>,
    trans: TranslationBundle
  ): string {
    switch (role) {
      case 'skip':
        return trans.__('skip');
      case 'imports':
        return trans.__('imports');
      case 'functions':
        return trans.__('functions');
      case 'parameters':
        return trans.__('parameters');
      case 'metrics':
        return trans.__('metrics');
    }
  }
}
