import * as React from 'react';

/** A sidebar's title with its refresh button (the catalog and requests panels). */
export function SidebarHeader(props: {
  title: string;
  refreshLabel: string;
  onRefresh(): void;
}): JSX.Element {
  return (
    <header className="jp-nbpromote-Sidebar-header">
      <h2>{props.title}</h2>
      <button
        type="button"
        className="jp-Button jp-mod-minimal jp-mod-styled"
        aria-label={props.refreshLabel}
        title={props.refreshLabel}
        onClick={props.onRefresh}
      >
        ⟳
      </button>
    </header>
  );
}
