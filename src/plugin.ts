import { type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { launchIcon } from '@jupyterlab/ui-components';
import {
  type PromotionSummary,
  ServiceClient,
  ServiceError,
  ServiceUnreachableError
} from './client/serviceClient';
import { CommandIDs } from './commandIds';
import { promoteDocument } from './promote';
import { IServiceClient } from './tokens';

const PLUGIN_ID = 'nbpromote:plugin';

function documentOf(panel: NotebookPanel) {
  const { context } = panel;
  return {
    path: context.path,
    dirty: context.model.dirty,
    save: () => context.save(),
    toJSON: () => context.model.toJSON()
  };
}

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
    const client = new ServiceClient({ baseUrl: 'http://127.0.0.1:8765' });

    try {
      const settings = await settingRegistry.load(PLUGIN_ID);
      const apply = () =>
        client.configure({
          baseUrl: settings.get('serviceUrl').composite as string,
          token: settings.get('token').composite as string
        });
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
          return;
        }
        const pending = promoteDocument(client, documentOf(panel));
        Notification.promise(pending, {
          pending: { message: trans.__('Promoting %1…', panel.context.path), options: {} },
          success: {
            message: result => {
              const { id, state } = result as PromotionSummary;
              return trans.__('Promotion request #%1 created: %2', String(id), state);
            },
            options: { autoClose: 8000 }
          },
          error: {
            message: reason => describeError(reason, trans.__('Promotion failed')),
            options: { autoClose: false }
          }
        });
        try {
          return await pending;
        } catch {
          // Already shown to the user by the notification above.
          return undefined;
        }
      }
    });
    palette?.addItem({ command: CommandIDs.promote, category: 'nbpromote' });
    return client;
  }
};

/** One readable sentence for any failure; never a stack trace. */
function describeError(reason: unknown, prefix: string): string {
  if (reason instanceof ServiceUnreachableError) {
    return reason.message;
  }
  if (reason instanceof ServiceError) {
    return `${prefix}: ${reason.message}`;
  }
  return `${prefix}: ${reason instanceof Error ? reason.message : String(reason)}`;
}
