import { type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { launchIcon } from '@jupyterlab/ui-components';
import { ServiceClient } from './client/serviceClient';
import { CommandIDs } from './commandIds';
import { errorMessage } from './errorMessage';
import { openPromoteDialog } from './promote/promoteDialog';
import { IServiceClient } from './tokens';

const PLUGIN_ID = 'nbpromote:plugin';

/** The core plugin: the service client from settings, and the Promote command and button. */
export const corePlugin: JupyterFrontEndPlugin<ServiceClient> = {
  id: PLUGIN_ID,
  description: 'Promote the current notebook to production through the nbpromote service.',
  autoStart: true,
  requires: [INotebookTracker, ISettingRegistry],
  optional: [ICommandPalette, ITranslator],
  provides: IServiceClient,
  activate: async (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbpromote');
    // Same origin: the Jupyter server's nbpromote extension forwards to the service, with
    // the server's own auth and XSRF (ServerConnection adds both) and base_url respected.
    const serverSettings = app.serviceManager.serverSettings;
    const client = new ServiceClient({
      baseUrl: URLExt.join(serverSettings.baseUrl, 'nbpromote'),
      fetch: (input, init) =>
        ServerConnection.makeRequest(String(input), init ?? {}, serverSettings)
    });

    try {
      const settings = await settingRegistry.load(PLUGIN_ID);
      const apply = () => client.configure({ token: settings.get('token').composite as string });
      apply();
      settings.changed.connect(apply);
    } catch (reason) {
      console.warn('nbpromote: settings could not be loaded; using defaults.', reason);
    }

    app.commands.addCommand(CommandIDs.promote, {
      label: trans.__('Promote'),
      caption: trans.__('Promote this notebook to production (nbpromote)'),
      icon: launchIcon,
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const panel = tracker.currentWidget;
        if (!panel) {
          return null;
        }
        try {
          await client.health();
        } catch (reason) {
          // Say plainly that the service is down (and how to start it) instead of a dead dialog.
          Notification.error(errorMessage(reason), { autoClose: false });
          return null;
        }
        return openPromoteDialog({ client, panel, commands: app.commands, trans });
      }
    });
    palette?.addItem({ command: CommandIDs.promote, category: 'nbpromote' });
    return client;
  }
};
