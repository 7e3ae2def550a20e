import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { tableRowsIcon } from '@jupyterlab/ui-components';
import type { ServiceClient } from '../client/serviceClient';
import { CommandIDs } from '../commandIds';
import { IServiceClient } from '../tokens';
import { CatalogModel } from './catalogModel';
import { CatalogPanel } from './catalogPanel';

/** The catalog sidebar: what is promoted where, approved by whom, each opening its review. */
export const catalogPlugin: JupyterFrontEndPlugin<void> = {
  id: 'nbpromote:catalog',
  description: 'Every project/algorithm with its version in each environment.',
  autoStart: true,
  requires: [IServiceClient],
  optional: [ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    client: ServiceClient,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbpromote');
    const model = new CatalogModel(client);
    const panel = new CatalogPanel({
      model,
      trans,
      onReview: id => {
        if (!app.commands.hasCommand(CommandIDs.openReview)) {
          Notification.warning(trans.__('The review panel is not installed.'));
          return;
        }
        void app.commands.execute(CommandIDs.openReview, { id });
      }
    });
    panel.id = 'nbpromote-catalog';
    panel.title.icon = tableRowsIcon;
    panel.title.caption = trans.__('Promotion catalog');
    app.shell.add(panel, 'right', { rank: 950 });
    void app.restored.then(() => {
      model.start();
      void model.refresh();
    });

    app.commands.addCommand(CommandIDs.openCatalog, {
      label: trans.__('Show Promotion Catalog'),
      caption: trans.__('What is promoted in each environment, and who approved it'),
      execute: () => {
        app.shell.activateById(panel.id);
        void model.refresh();
      }
    });
    app.commands.addCommand(CommandIDs.refreshCatalog, {
      label: trans.__('Refresh Promotion Catalog'),
      execute: () => model.refresh()
    });
    for (const command of [CommandIDs.openCatalog, CommandIDs.refreshCatalog]) {
      palette?.addItem({ command, category: 'nbpromote' });
    }
  }
};
