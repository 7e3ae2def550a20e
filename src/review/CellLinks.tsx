import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

/** Links shown before "+N more": a step of 300 cells should not push the cells off screen. */
export const FIRST_LINKS = 6;

/** A pipeline change's cells as links, the first few shown and the rest behind "+N more". */
export function CellLinks(props: {
  cellIds: readonly string[];
  onGo(cellId: string): void;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { cellIds, trans } = props;
  const [open, setOpen] = React.useState(false);
  if (cellIds.length === 0) {
    return null;
  }
  const shown = open ? cellIds : cellIds.slice(0, FIRST_LINKS);
  const hidden = cellIds.length - shown.length;
  return (
    <span className="jp-nbpromote-ReviewPipeline-cells">
      {shown.map(id => (
        <button
          key={id}
          type="button"
          className="jp-Button jp-mod-minimal jp-mod-styled jp-nbpromote-ReviewPipeline-cell"
          onClick={() => props.onGo(id)}
        >
          {trans.__('cell %1', id)}
        </button>
      ))}
      {hidden > 0 && (
        <button
          type="button"
          className="jp-Button jp-mod-minimal jp-mod-styled jp-nbpromote-ReviewPipeline-more"
          aria-expanded={false}
          onClick={() => setOpen(true)}
        >
          {trans.__('+%1 more', String(hidden))}
        </button>
      )}
      {open && cellIds.length > FIRST_LINKS && (
        <button
          type="button"
          className="jp-Button jp-mod-minimal jp-mod-styled jp-nbpromote-ReviewPipeline-more"
          aria-expanded={true}
          onClick={() => setOpen(false)}
        >
          {trans.__('Show fewer')}
        </button>
      )}
    </span>
  );
}
