import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, ICommandPalette, Notification, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { listIcon } from '@jupyterlab/ui-components';
import type { ServiceClient } from '../client/serviceClient';
import { CommandIDs } from '../commandIds';
import { errorMessage } from '../errorMessage';
import { IServiceClient } from '../tokens';
import { newsNotice } from './news';
import { RequestsModel } from './requestsModel';
import { RequestsPanel } from './requestsPanel';

/** The requests sidebar: my requests and my reviews, live, with withdraw and new revision. */
export const requestsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'nbpromote:requests',
  description: 'Follow promotion requests: mine and those waiting for my review.',
  autoStart: true,
  requires: [IServiceClient, INotebookTracker],
  optional: [ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    client: ServiceClient,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbpromote');
    const model = new RequestsModel(client);
    const panel = new RequestsPanel({
      model,
      trans,
      currentPath: () => tracker.currentWidget?.context.path ?? null,
      onWithdraw: id => void app.commands.execute(CommandIDs.withdrawRequest, { id }),
      onRevise: id => void app.commands.execute(CommandIDs.submitRevision, { id })
    });
    panel.id = 'nbpromote-requests';
    panel.title.icon = listIcon;
    panel.title.caption = trans.__('Promotion requests');
    app.shell.add(panel, 'right', { rank: 900 });
    tracker.currentChanged.connect(() => panel.refreshView());

    model.news.connect((_, news) => {
      const id = news.request.id;
      const notice = newsNotice(news, trans);
      const actions = [
        {
          label: trans.__('Open'),
          callback: () => void app.commands.execute(CommandIDs.openRequests, { id })
        }
      ];
      // The review panel registers this command; without it there is nothing to open.
      if (notice.review && app.commands.hasCommand(CommandIDs.openReview)) {
        actions.unshift({
          label: trans.__('Review'),
          callback: () => void app.commands.execute(CommandIDs.openReview, { id })
        });
      }
      Notification.emit(notice.message, notice.type, { autoClose: 10000, actions });
    });
    void app.restored.then(() => {
      model.start();
      void model.refresh();
    });

    app.commands.addCommand(CommandIDs.openRequests, {
      label: trans.__('Show Promotion Requests'),
      caption: trans.__('Open the promotion requests panel'),
      execute: args => {
        app.shell.activateById(panel.id);
        const id = typeof args.id === 'number' ? args.id : null;
        panel.focus(id);
        void model.refresh();
      }
    });
    app.commands.addCommand(CommandIDs.refreshRequests, {
      label: trans.__('Refresh Promotion Requests'),
      execute: () => model.refresh()
    });
    app.commands.addCommand(CommandIDs.withdrawRequest, {
      label: trans.__('Withdraw Promotion Request'),
      isEnabled: args => typeof args.id === 'number',
      execute: async args => {
        const id = args.id as number;
        const answer = await showDialog({
          title: trans.__('Withdraw request #%1?', String(id)),
          body: trans.__('The request stops being reviewed. Its revisions stay in the history.'),
          buttons: [
            Dialog.cancelButton({ label: trans.__('Keep') }),
            Dialog.warnButton({ label: trans.__('Withdraw') })
          ]
        });
        if (!answer.button.accept) {
          return;
        }
        try {
          await client.withdraw(id);
          Notification.info(trans.__('Request #%1 withdrawn.', String(id)), { autoClose: 5000 });
        } catch (reason) {
          Notification.error(errorMessage(reason, trans.__('Could not withdraw')));
        }
        await model.refresh();
      }
    });
    app.commands.addCommand(CommandIDs.submitRevision, {
      label: trans.__('Submit Notebook as New Revision'),
      caption: trans.__('Send the current notebook as a new revision of its promotion request'),
      isEnabled: args => typeof args.id === 'number' && tracker.currentWidget !== null,
      execute: async args => {
        const id = args.id as number;
        const notebook = tracker.currentWidget;
        if (!notebook) {
          return;
        }
        try {
          if (notebook.context.model.dirty) {
            await notebook.context.save();
          }
          const detail = await client.addRevision(id, notebook.context.model.toJSON());
          Notification.success(
            trans.__('Revision %1 of request #%2 submitted.', String(detail.revision), String(id)),
            { autoClose: 6000 }
          );
        } catch (reason) {
          Notification.error(errorMessage(reason, trans.__('Could not submit the revision')));
        }
        await model.refresh();
      }
    });
    for (const command of [CommandIDs.openRequests, CommandIDs.refreshRequests]) {
      palette?.addItem({ command, category: 'nbpromote' });
    }
  }
};
