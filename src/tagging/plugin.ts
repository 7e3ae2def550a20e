import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry } from '@jupyterlab/apputils';
import type { Cell } from '@jupyterlab/cells';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { TAGGING_PALETTE_COMMANDS, addTaggingCommands } from './commands';
import { NotebookWatcher } from './notebookWatcher';
import { StepMarkers } from './stepMarkers';
import { StepPickerWidget } from './stepPickerWidget';

/** Name of the cell-toolbar item (schema/tagging.json places it). */
const PICKER_ITEM = 'nbpromote-step';

/**
 * Cell tagging: the step picker in the cell toolbar, the tagging commands (palette, context
 * menu, shortcuts; all declared in schema/tagging.json) and the step markers on every cell.
 */
export const taggingPlugin: JupyterFrontEndPlugin<void> = {
  id: 'nbpromote:tagging',
  description: 'Tag notebook cells as pipeline steps and show the steps on the cells.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [IToolbarWidgetRegistry, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    toolbarRegistry: IToolbarWidgetRegistry | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbpromote');
    addTaggingCommands({ commands: app.commands, tracker, trans });
    for (const command of TAGGING_PALETTE_COMMANDS) {
      palette?.addItem({ command, category: 'nbpromote' });
    }

    toolbarRegistry?.addFactory<Cell>('Cell', PICKER_ITEM, cell => {
      const panel = tracker.find(p => p.content.widgets.includes(cell));
      return new StepPickerWidget({
        cell,
        notebook: panel?.content ?? tracker.currentWidget?.content ?? null,
        commands: app.commands,
        trans
      });
    });

    tracker.widgetAdded.connect((_, panel) => {
      const model = panel.content.model;
      if (!model) {
        return;
      }
      const watcher = new NotebookWatcher(model);
      const markers = new StepMarkers({ notebook: panel.content, watcher, trans });
      panel.disposed.connect(() => {
        markers.dispose();
        watcher.dispose();
      });
    });
  }
};
