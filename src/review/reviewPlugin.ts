import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, InputDialog, Notification, WidgetTracker } from '@jupyterlab/apputils';
import { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import { NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { ServiceClient } from '../client/serviceClient';
import type { PromotionDetail } from '../client/types';
import { CommandIDs } from '../commandIds';
import { IServiceClient } from '../tokens';
import type { DiffLayout } from './mergeEditor';
import { parseBase } from './pair';
import { permissionState } from './permissions';
import { ReviewContent, ReviewPanel } from './reviewPanel';
import { ReviewModel } from './reviewModel';
import { untrustedRendermime } from './untrusted';

const SETTINGS_ID = 'nbpromote:plugin';

/** The review panel: one main-area widget per request, restored after a reload. */
export const reviewPlugin: JupyterFrontEndPlugin<void> = {
  id: 'nbpromote:review',
  description: 'Review a promotion request: its notebook diff, pipeline changes and threads.',
  autoStart: true,
  requires: [IServiceClient, IRenderMimeRegistry, IEditorLanguageRegistry],
  optional: [ILayoutRestorer, ICommandPalette, ISettingRegistry, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    client: ServiceClient,
    rendermime: IRenderMimeRegistry,
    languages: IEditorLanguageRegistry,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbpromote');
    const untrusted = untrustedRendermime(rendermime);
    const tracker = new WidgetTracker<ReviewPanel>({ namespace: 'nbpromote-review' });
    let layout: DiffLayout = 'side-by-side';
    let settings: ISettingRegistry.ISettings | null = null;

    if (settingRegistry) {
      void settingRegistry.load(SETTINGS_ID).then(loaded => {
        settings = loaded;
        const apply = () => {
          layout = (loaded.get('reviewLayout').composite as DiffLayout) ?? 'side-by-side';
          tracker.forEach(panel => panel.content.setDiffLayout(layout));
        };
        apply();
        loaded.changed.connect(apply);
      });
    }

    // One event stream for every open review, while any is open.
    let unsubscribe: (() => void) | null = null;
    const follow = () => {
      if (!unsubscribe && tracker.size > 0) {
        unsubscribe = client.subscribe(event =>
          tracker.forEach(panel => void panel.content.model.onEvent(event))
        );
      } else if (unsubscribe && tracker.size === 0) {
        unsubscribe();
        unsubscribe = null;
      }
    };
    tracker.widgetAdded.connect(follow);

    const showInNotebook = async (detail: PromotionDetail, cellId: string) => {
      const path = detail.notebookPath;
      // Only the author has the notebook at its path; anyone else is told, not sent to a 404.
      const exists = await app.serviceManager.contents
        .get(path, { content: false })
        .then(() => true)
        .catch(() => false);
      if (!exists) {
        Notification.warning(
          trans.__(
            'Show in notebook opens %1, which is not in your JupyterLab. Only its author (%2) has it; the review shows every cell.',
            path,
            detail.author
          ),
          { autoClose: 8000 }
        );
        return;
      }
      const widget = await app.commands.execute('docmanager:open', { path });
      if (!(widget instanceof NotebookPanel)) {
        return;
      }
      await widget.context.ready;
      const notebook = widget.content;
      const index = notebook.widgets.findIndex(cell => cell.model.id === cellId);
      if (index >= 0) {
        notebook.activeCellIndex = index;
        void notebook.scrollToItem(index);
      } else {
        Notification.warning(
          trans.__('This cell is not in %1 as it is now (it was removed or its id changed).', path),
          { autoClose: 8000 }
        );
      }
    };

    const open = (id: number, pair: { base?: unknown; head?: unknown }) => {
      const base = parseBase(pair.base) ?? undefined;
      const head = typeof pair.head === 'number' && pair.head >= 1 ? pair.head : undefined;
      const existing = tracker.find(panel => panel.content.model.id === id);
      if (existing) {
        app.shell.activateById(existing.id);
        if (base !== undefined || head !== undefined) {
          void existing.content.model.setPair({ base, head });
        }
        return existing;
      }
      const model = new ReviewModel({ client, id, pair: { base, head } });
      const content = new ReviewContent({
        model,
        rendermime: untrusted,
        languages,
        layout,
        trans,
        permission: permissionState,
        onLayout: next => {
          if (settings) {
            void settings.set('reviewLayout', next);
          } else {
            layout = next;
            tracker.forEach(panel => panel.content.setDiffLayout(next));
          }
        },
        showInNotebook: (detail, cellId) => void showInNotebook(detail, cellId)
      });
      const panel = new ReviewPanel(content, trans);
      panel.disposed.connect(() => setTimeout(follow));
      void tracker.add(panel);
      // Restored panels keep their pair across reloads.
      model.changed.connect(() => void tracker.save(panel));
      app.shell.add(panel, 'main');
      app.shell.activateById(panel.id);
      void model.load();
      return panel;
    };

    app.commands.addCommand(CommandIDs.openReview, {
      label: args =>
        typeof args.id === 'number'
          ? trans.__('Review Request #%1', String(args.id))
          : trans.__('Review Promotion Request…'),
      caption: trans.__('Open the review of a promotion request'),
      execute: async args => {
        let id = typeof args.id === 'number' ? args.id : NaN;
        if (!Number.isInteger(id) || id < 1) {
          const answer = await InputDialog.getNumber({
            title: trans.__('Review request number'),
            value: 1
          });
          if (!answer.button.accept || answer.value === null) {
            return null;
          }
          id = answer.value;
        }
        if (!Number.isInteger(id) || id < 1) {
          return null;
        }
        return open(id, { base: args.base, head: args.head });
      }
    });
    palette?.addItem({ command: CommandIDs.openReview, category: 'nbpromote' });

    if (restorer) {
      void restorer.restore(tracker, {
        command: CommandIDs.openReview,
        args: panel => {
          const { model } = panel.content;
          const pair = model.pair;
          return pair ? { id: model.id, base: pair.base, head: pair.head } : { id: model.id };
        },
        name: panel => String(panel.content.model.id)
      });
    }
  }
};
