import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { age } from '../format';
import { ENVIRONMENTS, type CatalogCell, type CatalogRow } from './catalogModel';
import { SidebarHeader } from '../sidebar/SidebarHeader';

export interface CatalogViewProps {
  rows: CatalogRow[];
  total: number;
  filter: string;
  error: string | null;
  loading: boolean;
  isExpanded(key: string): boolean;
  onToggle(key: string): void;
  onFilter(text: string): void;
  onRefresh(): void;
  /** Open the review of the request that promoted a version. */
  onReview(requestId: number): void;
  trans: TranslationBundle;
}

/** Every project/algorithm with its version in each environment; every string as text. */
export function CatalogView(props: CatalogViewProps): JSX.Element {
  const { trans } = props;
  return (
    <div className="jp-nbpromote-Sidebar-content jp-nbpromote-Catalog">
      <SidebarHeader
        title={trans.__('Catalog')}
        refreshLabel={trans.__('Refresh catalog')}
        onRefresh={props.onRefresh}
      />
      <input
        type="search"
        className="jp-mod-styled jp-nbpromote-Catalog-filter"
        placeholder={trans.__('Filter by name, version or person')}
        aria-label={trans.__('Filter the catalog')}
        value={props.filter}
        onChange={e => props.onFilter(e.currentTarget.value)}
      />
      {props.error && (
        <p className="jp-nbpromote-error" role="alert">
          {props.error}
        </p>
      )}
      {props.loading && props.total === 0 && !props.error && (
        <p className="jp-nbpromote-muted">{trans.__('Loading…')}</p>
      )}
      {!props.loading && !props.error && props.total === 0 && (
        <p className="jp-nbpromote-muted">{trans.__('Nothing has been promoted yet.')}</p>
      )}
      {props.total > 0 && props.rows.length === 0 && (
        <p className="jp-nbpromote-muted">{trans.__('Nothing matches the filter.')}</p>
      )}
      {props.rows.length > 0 && (
        <table className="jp-nbpromote-Catalog-table">
          <thead>
            <tr>
              <th scope="col">{trans.__('Project / algorithm')}</th>
              {ENVIRONMENTS.map(env => (
                <th scope="col" key={env}>
                  {env}
                </th>
              ))}
            </tr>
          </thead>
          {props.rows.map(row => (
            <CatalogRowView key={row.key} {...props} row={row} />
          ))}
        </table>
      )}
    </div>
  );
}

function CatalogRowView(props: CatalogViewProps & { row: CatalogRow }): JSX.Element {
  const { row, trans } = props;
  const expanded = props.isExpanded(row.key);
  return (
    <tbody className="jp-nbpromote-CatalogRow" data-key={row.key}>
      <tr>
        <th scope="row">
          <button
            type="button"
            className="jp-nbpromote-CatalogRow-name"
            aria-expanded={expanded}
            title={trans.__('Show every promotion of %1', row.key)}
            onClick={() => props.onToggle(row.key)}
          >
            {expanded ? '▾ ' : '▸ '}
            {row.project}/{row.algorithm}
          </button>
        </th>
        {ENVIRONMENTS.map(env => (
          <td key={env} data-env={env}>
            {row.cells[env] ? (
              <VersionCell {...props} cell={row.cells[env]!} />
            ) : (
              <span className="jp-nbpromote-muted">—</span>
            )}
          </td>
        ))}
      </tr>
      {expanded && (
        <tr className="jp-nbpromote-CatalogRow-history">
          <td colSpan={ENVIRONMENTS.length + 1}>
            <ol>
              {row.history.map(h => (
                <li key={`${h.environment}:${h.version}:${h.requestId}`}>
                  <button
                    type="button"
                    className="jp-nbpromote-Catalog-version"
                    title={trans.__('Open the review of request #%1', String(h.requestId))}
                    onClick={() => props.onReview(h.requestId)}
                  >
                    {h.version}
                  </button>{' '}
                  {trans.__(
                    'in %1, #%2 %3 by %4, %5',
                    h.environment,
                    String(h.requestId),
                    h.title,
                    h.author,
                    age(h.promotedAt)
                  )}
                  <Approval cell={h} trans={trans} />
                </li>
              ))}
            </ol>
          </td>
        </tr>
      )}
    </tbody>
  );
}

function VersionCell(props: CatalogViewProps & { cell: CatalogCell }): JSX.Element {
  const { cell, trans } = props;
  return (
    <div className="jp-nbpromote-CatalogCell">
      <button
        type="button"
        className="jp-nbpromote-Catalog-version"
        title={trans.__('Open the review of request #%1: %2', String(cell.requestId), cell.title)}
        onClick={() => props.onReview(cell.requestId)}
      >
        {cell.version}
      </button>
      <span className="jp-nbpromote-muted">#{cell.requestId}</span>
      <Approval cell={cell} trans={trans} />
      {cell.lastRun && (
        <span className="jp-nbpromote-Catalog-run jp-nbpromote-muted">
          {trans.__('last run: %1', cell.lastRun)}
        </span>
      )}
    </div>
  );
}

function Approval(props: { cell: CatalogCell; trans: TranslationBundle }): JSX.Element {
  const { cell, trans } = props;
  return (
    <span className="jp-nbpromote-Catalog-approval" title={cell.approvedAt ?? undefined}>
      {cell.approvedAt
        ? trans.__('approved by %1, %2', cell.approvers.join(', '), age(cell.approvedAt))
        : trans.__('no standing approval')}
    </span>
  );
}
