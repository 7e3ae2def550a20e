/**
 * One open notebook as the pipeline panel sees it: its cells and JSON for the pipeline
 * model, its settings and the active cell's for the forms, and a way to jump to a cell.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { JSONExt, type JSONObject } from '@lumino/coreutils';
import { type ISignal, Signal } from '@lumino/signaling';
import { asFormData, pruneEmpty } from '../metadata/settingsValue';
import type { ICellInfo } from '../tagging/cellSteps';
import { NotebookWatcher } from '../tagging/notebookWatcher';
import type { PipelineModel } from './pipelineModel';

/** Key of nbpromote's settings in notebook and cell metadata. */
const SETTINGS_KEY = 'nbpromote';

export class NotebookSource implements PipelineModel.ISource {
  constructor(panel: NotebookPanel) {
    this._panel = panel;
    this._watcher = new NotebookWatcher(panel.content.model!);
    this._watcher.changed.connect(this._emit, this);
    panel.content.activeCellChanged.connect(this._onActiveCellChanged, this);
  }

  get path(): string {
    return this._panel.context.path;
  }

  get panel(): NotebookPanel {
    return this._panel;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The active cell changed (the cell settings form follows it). */
  get activeCellChanged(): ISignal<this, void> {
    return this._activeCellChanged;
  }

  cells(): ICellInfo[] {
    return this._watcher.cells();
  }

  toJSON(): unknown {
    return this._panel.context.model.toJSON();
  }

  notebookSettings(): JSONObject {
    return asFormData(this._panel.content.model?.getMetadata(SETTINGS_KEY));
  }

  setNotebookSettings(value: JSONObject): void {
    const model = this._panel.content.model;
    const pruned = pruneEmpty(value);
    // The form reports its data on first render too: writing it back unchanged would mark a
    // freshly opened notebook as modified.
    if (!model || JSONExt.deepEqual(pruned ?? null, model.getMetadata(SETTINGS_KEY) ?? null)) {
      return;
    }
    if (pruned === undefined) {
      model.deleteMetadata(SETTINGS_KEY);
    } else {
      model.setMetadata(SETTINGS_KEY, pruned);
    }
  }

  /** The active cell (1-based number, id, kind) and its settings. */
  activeCell(): { number: number; id: string; type: string; settings: JSONObject } | null {
    const notebook = this._panel.content;
    const cell = notebook.activeCell;
    if (!cell) {
      return null;
    }
    return {
      number: notebook.activeCellIndex + 1,
      id: cell.model.id,
      type: cell.model.type,
      settings: asFormData(cell.model.getMetadata(SETTINGS_KEY))
    };
  }

  setCellSettings(value: JSONObject): void {
    const cell = this._panel.content.activeCell;
    const pruned = pruneEmpty(value);
    if (!cell || JSONExt.deepEqual(pruned ?? null, cell.model.getMetadata(SETTINGS_KEY) ?? null)) {
      return;
    }
    if (pruned === undefined) {
      cell.model.deleteMetadata(SETTINGS_KEY);
    } else {
      cell.model.setMetadata(SETTINGS_KEY, pruned);
    }
  }

  /** Select the cell (by id, else by 0-based index) and scroll it into view. */
  jumpTo(target: { id?: string; index?: number }): void {
    const notebook = this._panel.content;
    let index = target.id ? notebook.widgets.findIndex(c => c.model.id === target.id) : -1;
    if (index < 0 && target.index !== undefined) {
      index = target.index;
    }
    const cell = notebook.widgets[index];
    if (!cell) {
      return;
    }
    notebook.deselectAll();
    notebook.activeCellIndex = index;
    notebook.mode = 'command';
    void notebook.scrollToCell(cell);
  }

  dispose(): void {
    this._watcher.dispose();
    this._panel.content.activeCellChanged.disconnect(this._onActiveCellChanged, this);
    Signal.clearData(this);
  }

  private _emit(): void {
    this._changed.emit();
  }

  private _onActiveCellChanged(): void {
    this._activeCellChanged.emit();
  }

  private readonly _panel: NotebookPanel;
  private readonly _watcher: NotebookWatcher;
  private readonly _changed = new Signal<this, void>(this);
  private readonly _activeCellChanged = new Signal<this, void>(this);
}
