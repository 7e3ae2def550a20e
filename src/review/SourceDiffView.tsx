import type { Extension } from '@codemirror/state';
import * as React from 'react';
import type { LazyMount } from './lazyMount';
import { type DiffLayout, MergeEditor } from './mergeEditor';

/** Hosts one cell's MergeEditor; built on mount, rebuilt when the layout or sides change. */
export function SourceDiffView(props: {
  base: string;
  head: string;
  layout: DiffLayout;
  language: Extension | null;
  threadLines: readonly number[];
  /** Builds are queued here, one per frame, so switching layout rebuilds no editor all at once. */
  lazy: LazyMount;
  onPick(lines: { start: number; end: number } | null): void;
}): JSX.Element {
  const host = React.useRef<HTMLDivElement>(null);
  const editor = React.useRef<MergeEditor | null>(null);
  const onPick = React.useRef(props.onPick);
  onPick.current = props.onPick;
  const threadLines = React.useRef(props.threadLines);
  threadLines.current = props.threadLines;

  React.useEffect(() => {
    const parent = host.current;
    if (!parent) {
      return;
    }
    let built: MergeEditor | null = null;
    const cancel = props.lazy.later(() => {
      // Built outside the page, then moved in: CodeMirror's constructor reads
      // `document.fonts.ready`, which makes Chromium bring the page's style and layout up to
      // date; with the new editor already in the page, that is a restyle of the whole review per
      // editor (two per side-by-side diff), the longest task of a first scroll.
      const holder = document.createElement('div');
      built = new MergeEditor({
        parent: holder,
        base: props.base,
        head: props.head,
        layout: props.layout,
        language: props.language,
        threadLines: threadLines.current,
        onPick: lines => onPick.current(lines)
      });
      parent.replaceChildren(...holder.childNodes);
      editor.current = built;
    });
    return () => {
      cancel();
      built?.destroy();
      if (editor.current === built) {
        editor.current = null;
      }
    };
    // Thread lines are updated in place below, without rebuilding the editor.
  }, [props.base, props.head, props.layout, props.language, props.lazy]);

  React.useEffect(() => {
    editor.current?.setThreadLines(props.threadLines);
  }, [props.threadLines.join(',')]);

  return <div className={`jp-nbpromote-SourceDiff jp-mod-${props.layout}`} ref={host} />;
}
