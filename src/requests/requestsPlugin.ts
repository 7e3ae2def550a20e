import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, ICommandPalette, Notification, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { listIcon } from '@jupyterlab/ui-components';
import type { ServiceClient } from '../client/serviceClient';
import { CommandIDs } from '../commandIds';
import { errorMessage } from '../errorMessage';
import { IServiceClient } from '../tokens';
import { askBypassReason } from './bypassDialog';
import { promoteRequest } from './promoteRequest';
import { InboxModel } from './inboxModel';
import { newsNotice } from './news';
import { notificationNotice } from './notificationNotice';
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
    const inbox = new InboxModel(client);
    const openNotification = (id: number, review: boolean) =>
      void app.commands.execute(
        review && app.commands.hasCommand(CommandIDs.openReview)
          ? CommandIDs.openReview
          : CommandIDs.openRequests,
        { id }
      );
    const panel = new RequestsPanel({
      model,
      inbox,
      onOpenNotification: n => openNotification(n.requestId, notificationNotice(n, trans).review),
      trans,
      currentPath: () => tracker.currentWidget?.context.path ?? null,
      onWithdraw: id => void app.commands.execute(CommandIDs.withdrawRequest, { id }),
      onRevise: id => void app.commands.execute(CommandIDs.submitRevision, { id }),
      onReview: id => void app.commands.execute(CommandIDs.openReview, { id }),
      onPromote: id => void app.commands.execute(CommandIDs.promoteRequest, { id })
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
    // Each unread notification once per page: those kept while I was away, then each new one.
    // They land in JupyterLab's notification centre too, where they stay after the toast.
    inbox.arrived.connect((_, n) => {
      const notice = notificationNotice(n, trans);
      const actions = [
        {
          label: trans.__('Open'),
          callback: () => void app.commands.execute(CommandIDs.openRequests, { id: n.requestId })
        },
        {
          label: trans.__('Mark read'),
          callback: () => void inbox.markRead(n.id)
        }
      ];
      if (notice.review && app.commands.hasCommand(CommandIDs.openReview)) {
        actions.unshift({
          label: trans.__('Review'),
          callback: () => openNotification(n.requestId, true)
        });
      }
      Notification.emit(notice.message, notice.type, { autoClose: 10000, actions });
    });
    void app.restored.then(() => {
      model.start();
      inbox.start();
      void model.refresh();
      void inbox.refresh();
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
      execute: () => Promise.all([model.refresh(), inbox.refresh()])
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
    app.commands.addCommand(CommandIDs.promoteRequest, {
      label: trans.__('Promote Request'),
      caption: trans.__('Merge an approved request into its environment'),
      isEnabled: args => typeof args.id === 'number',
      execute: async args => {
        const id = args.id as number;
        const outcome = await promoteRequest({
          client,
          id,
          identity: model.identity,
          askBypassReason: failing => askBypassReason(id, failing, trans)
        });
        if (outcome.kind === 'promoted') {
          const { detail } = outcome;
          Notification.success(
            outcome.bypassed
              ? trans.__(
                  'Request #%1 promoted: version %2 is in %3, past failing rules (reason audited).',
                  String(id),
                  detail.version,
                  detail.environment
                )
              : trans.__(
                  'Request #%1 promoted: version %2 is in %3.',
                  String(id),
                  detail.version,
                  detail.environment
                ),
            { autoClose: 8000 }
          );
        } else if (outcome.kind === 'refused') {
          Notification.error(outcome.message, { autoClose: false });
        }
        await model.refresh();
      }
    });
    for (const command of [CommandIDs.openRequests, CommandIDs.refreshRequests]) {
      palette?.addItem({ command, category: 'nbpromote' });
    }
  }
};
