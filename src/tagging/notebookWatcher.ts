/**
 * Follows one notebook model and says when anything nbpromote shows may have changed: the
 * cell list, a cell's metadata (tags, settings), the code, or the notebook's metadata.
 */
import type { ICellModel } from '@jupyterlab/cells';
import type { INotebookModel } from '@jupyterlab/notebook';
import { type ISignal, Signal } from '@lumino/signaling';
import type { ICellInfo } from './cellSteps';

/** A notebook's cells as the tagging models see them. */
export function readCells(model: INotebookModel): ICellInfo[] {
  const cells: ICellInfo[] = [];
  for (const cell of model.cells) {
    cells.push(Private.cellInfo(cell));
  }
  return cells;
}

export class NotebookWatcher {
  constructor(model: INotebookModel) {
    this._model = model;
    model.cells.changed.connect(this._onCellsChanged, this);
    model.contentChanged.connect(this._onContentChanged, this);
    model.metadataChanged.connect(this._onMetadataChanged, this);
    this._onCellsChanged();
  }

  get model(): INotebookModel {
    return this._model;
  }

  /** The cell list or a cell's metadata changed (what the step markers follow). */
  get tagsChanged(): ISignal<this, void> {
    return this._tagsChanged;
  }

  /** Anything changed: cells, tags, code or notebook metadata (what the panel follows). */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The cells as the tagging models see them. */
  cells(): ICellInfo[] {
    return readCells(this._model);
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    for (const cell of this._watched) {
      cell.metadataChanged.disconnect(this._onCellMetadataChanged, this);
    }
    this._watched.clear();
    // A closed notebook's model is disposed first and has no cell list any more; its
    // signals are gone with it, and clearData below drops what this watcher connected.
    if (!this._model.isDisposed) {
      this._model.cells.changed.disconnect(this._onCellsChanged, this);
      this._model.contentChanged.disconnect(this._onContentChanged, this);
      this._model.metadataChanged.disconnect(this._onMetadataChanged, this);
    }
    Signal.clearData(this);
  }

  private _onCellsChanged(): void {
    const current = new Set<ICellModel>();
    for (const cell of this._model.cells) {
      current.add(cell);
      if (!this._watched.has(cell)) {
        cell.metadataChanged.connect(this._onCellMetadataChanged, this);
      }
    }
    for (const cell of this._watched) {
      if (!current.has(cell)) {
        cell.metadataChanged.disconnect(this._onCellMetadataChanged, this);
      }
    }
    this._watched = current;
    this._tagsChanged.emit();
    this._changed.emit();
  }

  private _onCellMetadataChanged(): void {
    this._tagsChanged.emit();
    this._changed.emit();
  }

  private _onContentChanged(): void {
    this._changed.emit();
  }

  private _onMetadataChanged(): void {
    this._changed.emit();
  }

  private readonly _model: INotebookModel;
  private _watched = new Set<ICellModel>();
  private _isDisposed = false;
  private readonly _tagsChanged = new Signal<this, void>(this);
  private readonly _changed = new Signal<this, void>(this);
}

namespace Private {
  export function cellInfo(cell: ICellModel): ICellInfo {
    const tags = cell.getMetadata('tags');
    return {
      id: cell.id,
      type: cell.type === 'code' || cell.type === 'markdown' ? cell.type : 'raw',
      tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
      blank: cell.sharedModel.getSource().trim() === ''
    };
  }
}
