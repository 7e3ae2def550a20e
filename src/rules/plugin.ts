import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { checkIcon } from '@jupyterlab/ui-components';
import type { ServiceClient } from '../client/serviceClient';
import { CommandIDs } from '../commandIds';
import { IServiceClient } from '../tokens';
import { RulesEditorModel } from './rulesEditorModel';
import { RulesEditorContent } from './rulesPanel';
import { newRule } from './ruleFields';
import { rulesSchema, validateRules } from './rulesSchema';

/**
 * The promotion rules editor, a main-area panel opened from the palette and the nbpromote
 * menu (its settings schema declares the menu), and reopened after a reload.
 */
export const rulesEditorPlugin: JupyterFrontEndPlugin<void> = {
  id: 'nbpromote:rules-editor',
  description: 'Read and (for admins) edit the promotion rules of every environment.',
  autoStart: true,
  requires: [IServiceClient],
  optional: [ICommandPalette, ILayoutRestorer, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    client: ServiceClient,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load('nbpromote');
    const tracker = new WidgetTracker<MainAreaWidget<RulesEditorContent>>({
      namespace: 'nbpromote-rules'
    });

    app.commands.addCommand(CommandIDs.openRules, {
      label: trans.__('Promotion Rules'),
      caption: trans.__('Read or edit the promotion rules of each environment'),
      icon: checkIcon,
      execute: async () => {
        let widget = tracker.currentWidget;
        if (!widget || widget.isDisposed) {
          const model = new RulesEditorModel({
            client,
            validate: document => validateRules(rulesSchema, document),
            newRule: (type, existing) => newRule(rulesSchema, type, existing)
          });
          widget = new MainAreaWidget({ content: new RulesEditorContent(model, trans) });
          widget.id = 'nbpromote-rules';
          widget.title.label = trans.__('Promotion Rules');
          widget.title.icon = checkIcon;
          widget.title.closable = true;
          await tracker.add(widget);
          void model.load();
        }
        if (!widget.isAttached) {
          app.shell.add(widget, 'main');
        }
        app.shell.activateById(widget.id);
        return widget;
      }
    });
    palette?.addItem({ command: CommandIDs.openRules, category: 'nbpromote' });
    void restorer?.restore(tracker, { command: CommandIDs.openRules, name: () => 'rules' });
  }
};
