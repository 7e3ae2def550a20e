/**
 * The tagging commands: tag the selected code cells of the current notebook as a step or a
 * role, or remove their pipeline tag. The picker, the palette and the shortcuts all go
 * through these.
 */
import type { Cell } from '@jupyterlab/cells';
import type { INotebookTracker, Notebook } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { CommandIDs } from '../commandIds';
import { blueprintStepAbove } from './cellSteps';
import { askStepName } from './stepNameDialog';
import { type TagChange, applyTagChange, nextBlueprintStep, toggleRole } from './tagEdit';
import { type CellRole, checkStepName } from './vocabulary';
import { readCells } from './notebookWatcher';

export namespace TaggingCommands {
  export interface IOptions {
    commands: CommandRegistry;
    tracker: INotebookTracker;
    trans: TranslationBundle;
  }
}

/** Register every tagging command. */
export function addTaggingCommands(options: TaggingCommands.IOptions): void {
  const { commands, tracker, trans } = options;
  const notebook = () => tracker.currentWidget?.content ?? null;
  const hasTargets = () => Private.targets(notebook()).length > 0;

  commands.addCommand(CommandIDs.tagStep, {
    label: args =>
      args.step
        ? trans.__('Tag Cells as Step "%1"', String(args.step))
        : trans.__('Tag Cells as a New Step…'),
    caption: trans.__('Make the selected code cells start (or continue) a pipeline step'),
    isEnabled: hasTargets,
    execute: async (args: ReadonlyPartialJSONObject) => {
      const nb = notebook();
      if (!nb) {
        return;
      }
      const step = typeof args.step === 'string' ? args.step : await askStepName(trans);
      if (step === null || checkStepName(step) !== null) {
        return;
      }
      Private.apply(nb, { kind: 'step', step });
    }
  });

  const nextStep = (): string | undefined => {
    const nb = notebook();
    if (!nb?.model) {
      return undefined;
    }
    return nextBlueprintStep(blueprintStepAbove(readCells(nb.model), nb.activeCellIndex));
  };
  commands.addCommand(CommandIDs.tagNextStep, {
    label: () => {
      const next = hasTargets() ? nextStep() : undefined;
      return next
        ? trans.__('Tag Cells as Next Blueprint Step (%1)', next)
        : trans.__('Tag Cells as Next Blueprint Step');
    },
    caption: trans.__('Tag the selected cells with the blueprint step after the one above'),
    isEnabled: () => hasTargets() && nextStep() !== undefined,
    execute: () => {
      const nb = notebook();
      const step = nextStep();
      if (nb && step) {
        Private.apply(nb, { kind: 'step', step });
      }
    }
  });

  const roles: [string, CellRole, string, string][] = [
    [
      CommandIDs.tagSkip,
      'skip',
      trans.__('Tag Cells as Skip'),
      trans.__('Exclude the selected cells from production (exploration, plots)')
    ],
    [
      CommandIDs.tagImports,
      'imports',
      trans.__('Tag Cells as Imports'),
      trans.__('Shared imports, available to every step')
    ],
    [
      CommandIDs.tagFunctions,
      'functions',
      trans.__('Tag Cells as Functions'),
      trans.__('Shared functions, available to every step')
    ],
    [
      CommandIDs.tagParameters,
      'parameters',
      trans.__('Tag Cells as Parameters'),
      trans.__('Pipeline parameters with their defaults (papermill "parameters")')
    ],
    [
      CommandIDs.tagMetrics,
      'metrics',
      trans.__('Tag Cells as Pipeline Metrics'),
      trans.__('Metrics the pipeline reports ("pipeline-metrics")')
    ]
  ];
  for (const [id, role, label, caption] of roles) {
    commands.addCommand(id, {
      label,
      caption,
      isEnabled: hasTargets,
      isToggled: () => {
        const targets = Private.targets(notebook());
        return targets.length > 0 && toggleRole(Private.tagsOf(targets), role).kind === 'clear';
      },
      execute: () => {
        const nb = notebook();
        if (nb) {
          Private.apply(nb, toggleRole(Private.tagsOf(Private.targets(nb)), role));
        }
      }
    });
  }

  commands.addCommand(CommandIDs.untagCells, {
    label: trans.__('Remove Pipeline Tags from Cells'),
    caption: trans.__('The selected cells join the step above again'),
    isEnabled: hasTargets,
    execute: () => {
      const nb = notebook();
      if (nb) {
        Private.apply(nb, { kind: 'clear' });
      }
    }
  });
}

/** The commands the palette lists, in order. */
export const TAGGING_PALETTE_COMMANDS = [
  CommandIDs.tagStep,
  CommandIDs.tagNextStep,
  CommandIDs.tagSkip,
  CommandIDs.tagImports,
  CommandIDs.tagFunctions,
  CommandIDs.tagParameters,
  CommandIDs.tagMetrics,
  CommandIDs.untagCells
];

namespace Private {
  /** The selected (or active) code cells: only code cells carry pipeline tags. */
  export function targets(notebook: Notebook | null): Cell[] {
    if (!notebook?.model) {
      return [];
    }
    return notebook.widgets.filter(
      cell => cell.model.type === 'code' && notebook.isSelectedOrActive(cell)
    );
  }

  export function tagsOf(cells: Cell[]): string[][] {
    return cells.map(cell => {
      const tags = cell.model.getMetadata('tags');
      return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
    });
  }

  /** Write one change to every target cell, as one undoable edit. */
  export function apply(notebook: Notebook, change: TagChange): void {
    const cells = targets(notebook);
    const tags = tagsOf(cells);
    const write = () => {
      cells.forEach((cell, i) => {
        const next = applyTagChange(tags[i], change);
        if (next.length > 0) {
          cell.model.setMetadata('tags', next);
        } else {
          cell.model.deleteMetadata('tags');
        }
      });
    };
    const shared = notebook.model?.sharedModel;
    if (shared) {
      shared.transact(write);
    } else {
      write();
    }
  }
}
