import type { Extension } from '@codemirror/state';
import * as React from 'react';
import { type DiffLayout, MergeEditor } from './mergeEditor';

/** Hosts one cell's MergeEditor; built on mount, rebuilt when the layout or sides change. */
export function SourceDiffView(props: {
  base: string;
  head: string;
  layout: DiffLayout;
  language: Extension | null;
  threadLines: readonly number[];
  onPick(lines: { start: number; end: number } | null): void;
}): JSX.Element {
  const host = React.useRef<HTMLDivElement>(null);
  const editor = React.useRef<MergeEditor | null>(null);
  const onPick = React.useRef(props.onPick);
  onPick.current = props.onPick;

  React.useEffect(() => {
    if (!host.current) {
      return;
    }
    const built = new MergeEditor({
      parent: host.current,
      base: props.base,
      head: props.head,
      layout: props.layout,
      language: props.language,
      threadLines: props.threadLines,
      onPick: lines => onPick.current(lines)
    });
    editor.current = built;
    return () => {
      built.destroy();
      editor.current = null;
    };
    // Thread lines are updated in place below, without rebuilding the editor.
  }, [props.base, props.head, props.layout, props.language]);

  React.useEffect(() => {
    editor.current?.setThreadLines(props.threadLines);
  }, [props.threadLines.join(',')]);

  return <div className={`jp-nbpromote-SourceDiff jp-mod-${props.layout}`} ref={host} />;
}
