import { Dialog, Notification, ReactWidget } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import * as React from 'react';
import type { ServiceClient } from '../client/serviceClient';
import type { PromotionSummary } from '../client/types';
import { CommandIDs } from '../commandIds';
import { errorMessage } from '../errorMessage';
import { promoteDocument } from '../promote';
import { PromoteDialogBody } from './PromoteDialogBody';
import { defaultChoices } from './promoteForm';
import { watchRulesVersion } from './rulesWatch';

export namespace PromoteDialog {
  export interface IOptions {
    client: ServiceClient;
    panel: NotebookPanel;
    commands: CommandRegistry;
    trans: TranslationBundle;
  }
}

/**
 * Open the Promote dialog for a notebook. Resolves with the created request, or null when
 * the user cancels. The dialog's own Submit button stays disabled while there are blocking
 * problems, and says why.
 */
export async function openPromoteDialog(
  options: PromoteDialog.IOptions
): Promise<PromotionSummary | null> {
  const { client, panel, trans } = options;
  const { context } = panel;
  let created: PromotionSummary | null = null;
  let dialog: Dialog<unknown> | null = null;

  const body = ReactWidget.create(
    <PromoteDialogBody
      initial={defaultChoices(context.path, context.model.getMetadata('nbpromote') as unknown)}
      trans={trans}
      describe={reason => errorMessage(reason)}
      watchRules={onChange => watchRulesVersion(client, onChange)}
      loadPreview={(environment, bump) =>
        client.preview({ notebook: context.model.toJSON(), path: context.path, environment, bump })
      }
      submit={async choices => {
        created = await promoteDocument(
          client,
          {
            path: context.path,
            dirty: context.model.dirty,
            save: () => context.save(),
            toJSON: () => context.model.toJSON()
          },
          {
            title: choices.title.trim(),
            description: choices.description,
            environment: choices.environment,
            bump: choices.bump
          }
        );
        dialog?.resolve();
      }}
      cancel={() => dialog?.reject()}
    />
  );
  body.addClass('jp-nbpromote-PromoteDialog-body');
  dialog = new Dialog({
    title: trans.__('Promote %1', context.path.split('/').pop() ?? context.path),
    body,
    // Drawn beside Submit, in the body's footer (the dialog's own footer is hidden); the
    // dialog still needs a button to resolve with once the request is created.
    buttons: [Dialog.cancelButton({ label: trans.__('Cancel') })],
    hasClose: true
  });
  dialog.addClass('jp-nbpromote-PromoteDialog-modal');
  await dialog.launch();
  dialog.dispose();

  const result = created as PromotionSummary | null;
  if (result) {
    Notification.success(
      trans.__(
        'Promotion request #%1 created: %2 (version %3 to %4)',
        String(result.id),
        result.state,
        result.version,
        result.environment
      ),
      {
        autoClose: 10000,
        actions: [
          {
            label: trans.__('Open request'),
            callback: () => {
              void options.commands.execute(CommandIDs.openRequests, { id: result.id });
            }
          }
        ]
      }
    );
  }
  return result;
}
