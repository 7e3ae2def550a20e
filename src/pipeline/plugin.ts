import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { buildIcon, refreshIcon, settingsIcon } from '@jupyterlab/ui-components';
import { CommandIDs } from '../commandIds';
import { IServiceClient } from '../tokens';
import { NotebookSource } from './notebookSource';
import { PipelineModel } from './pipelineModel';
import { PipelinePanel } from './PipelinePanel';

const PANEL_ID = 'nbpromote-pipeline';

/**
 * The pipeline panel in the right sidebar: the current notebook's steps, step graph, live
 * problems and settings.
 */
export const pipelinePanelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'nbpromote:pipeline-panel',
  description: "Show the current notebook's pipeline, problems and settings in a side panel.",
  autoStart: true,
  requires: [INotebookTracker, IServiceClient],
  optional: [ILayoutRestorer, ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    client: PipelineModel.IOptions['client'],
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbpromote');
    const model = new PipelineModel({ client });
    const panel = new PipelinePanel({ model, trans });
    panel.id = PANEL_ID;
    panel.title.icon = buildIcon;
    panel.title.caption = trans.__('Pipeline (nbpromote)');
    app.shell.add(panel, 'right', { rank: 600 });
    restorer?.add(panel, PANEL_ID);

    const sources = new Map<NotebookPanel, NotebookSource>();
    const follow = (nb: NotebookPanel | null) => {
      if (nb && !sources.has(nb) && nb.content.model) {
        sources.set(nb, new NotebookSource(nb));
        nb.disposed.connect(() => {
          if (tracker.currentWidget === nb || tracker.currentWidget === null) {
            panel.setSource(null);
          }
          sources.get(nb)?.dispose();
          sources.delete(nb);
        });
      }
      panel.setSource(nb ? (sources.get(nb) ?? null) : null);
    };
    tracker.currentChanged.connect((_, nb) => follow(nb));
    void app.restored.then(() => follow(tracker.currentWidget));

    app.commands.addCommand(CommandIDs.openPipeline, {
      label: trans.__('Open Pipeline Panel'),
      caption: trans.__("Show the current notebook's steps, problems and settings"),
      icon: buildIcon,
      execute: () => app.shell.activateById(PANEL_ID)
    });
    app.commands.addCommand(CommandIDs.refreshCheck, {
      label: trans.__('Check Notebook Pipeline Now'),
      caption: trans.__('Ask the nbpromote service to check the current notebook'),
      icon: refreshIcon,
      isEnabled: () => model.source !== null,
      execute: () => model.refresh()
    });
    app.commands.addCommand(CommandIDs.editSettings, {
      label: trans.__('Edit Pipeline Settings'),
      caption: trans.__('Project, owner, schedule, requirements and step resources'),
      icon: settingsIcon,
      isEnabled: () => tracker.currentWidget !== null,
      execute: () => {
        app.shell.activateById(PANEL_ID);
        requestAnimationFrame(() => panel.showSettings());
      }
    });
    for (const command of [
      CommandIDs.openPipeline,
      CommandIDs.refreshCheck,
      CommandIDs.editSettings
    ]) {
      palette?.addItem({ command, category: 'nbpromote' });
    }
  }
};
