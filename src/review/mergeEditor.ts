import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { Compartment, EditorSelection, EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, lineNumbers, type ViewUpdate } from '@codemirror/view';
import { jupyterTheme } from '@jupyterlab/codemirror';

/**
 * A read-only source diff of one cell in CodeMirror 6 (`@codemirror/merge`, sharing
 * JupyterLab's CodeMirror): side by side or unified, JupyterLab's theme and the notebook's
 * language, lines that carry a thread marked, and the head lines the reader picks (gutter
 * click, shift-click, or a selection) reported for a line comment.
 */

export type DiffLayout = 'side-by-side' | 'unified';

export interface MergeEditorOptions {
  parent: HTMLElement;
  base: string;
  head: string;
  layout: DiffLayout;
  /** The language's CodeMirror support (from JupyterLab's language registry), if any. */
  language: Extension | null;
  /** 1-based head lines that carry a thread. */
  threadLines: readonly number[];
  /** The head lines picked, 1-based and inclusive; null when nothing is picked. */
  onPick(lines: { start: number; end: number } | null): void;
}

const readOnly: Extension = [EditorState.readOnly.of(true), EditorView.editable.of(false)];
const threadLine = Decoration.line({ class: 'jp-nbpromote-Review-threadLine' });

function threadMarks(lines: readonly number[]): Extension {
  return EditorView.decorations.of(view => {
    const doc = view.state.doc;
    const ranges = [...new Set(lines)]
      .filter(n => n >= 1 && n <= doc.lines)
      .sort((a, b) => a - b)
      .map(n => threadLine.range(doc.line(n).from));
    return Decoration.set(ranges);
  });
}

/** Gutter clicks pick a line; shift-click extends the pick from the selection's anchor. */
function pickingGutter(): Extension {
  return lineNumbers({
    domEventHandlers: {
      mousedown(view, block, event) {
        const mouse = event as MouseEvent;
        const line = view.state.doc.lineAt(block.from);
        const anchor = mouse.shiftKey ? view.state.selection.main.anchor : line.from;
        const head = anchor <= line.from ? line.to : line.from;
        view.dispatch({ selection: EditorSelection.single(anchor, head) });
        view.focus();
        return true;
      }
    }
  });
}

function pickListener(onPick: MergeEditorOptions['onPick']): Extension {
  return EditorView.updateListener.of((update: ViewUpdate) => {
    if (!update.selectionSet) {
      return;
    }
    const { from, to, empty } = update.state.selection.main;
    if (empty) {
      onPick(null);
      return;
    }
    const doc = update.state.doc;
    const start = doc.lineAt(from).number;
    // A selection ending at the very start of a line does not take that line.
    const endLine = doc.lineAt(to);
    const end = to === endLine.from && endLine.number > start ? endLine.number - 1 : endLine.number;
    onPick({ start, end });
  });
}

/** One cell's diff editor; `destroy()` when its row leaves the panel. */
export class MergeEditor {
  constructor(options: MergeEditorOptions) {
    const common = [readOnly, jupyterTheme, options.language ?? []];
    const head = [
      ...common,
      pickingGutter(),
      pickListener(options.onPick),
      this._marks.of(threadMarks(options.threadLines))
    ];
    if (options.layout === 'side-by-side') {
      this._merge = new MergeView({
        a: { doc: options.base, extensions: [...common, lineNumbers()] },
        b: { doc: options.head, extensions: head },
        parent: options.parent,
        gutter: true,
        highlightChanges: true,
        collapseUnchanged: { margin: 3, minSize: 6 }
      });
      this._head = this._merge.b;
    } else {
      this._head = new EditorView({
        parent: options.parent,
        doc: options.head,
        extensions: [
          ...head,
          unifiedMergeView({
            original: options.base,
            mergeControls: false,
            gutter: true,
            highlightChanges: true,
            collapseUnchanged: { margin: 3, minSize: 6 }
          })
        ]
      });
    }
  }

  /** The editor holding the head side (for tests and focus). */
  get head(): EditorView {
    return this._head;
  }

  /** Mark other lines as carrying threads (a comment was added or resolved). */
  setThreadLines(lines: readonly number[]): void {
    this._head.dispatch({ effects: this._marks.reconfigure(threadMarks(lines)) });
  }

  destroy(): void {
    if (this._merge) {
      this._merge.destroy();
    } else {
      this._head.destroy();
    }
  }

  private readonly _marks = new Compartment();
  private readonly _merge: MergeView | null = null;
  private readonly _head: EditorView;
}
