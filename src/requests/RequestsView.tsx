import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { PromotionDetail, PromotionSummary } from '../client/types';
import { age, stateLabel } from '../format';
import { RuleStatus } from '../rules/RuleStatus';
import { SidebarHeader } from '../sidebar/SidebarHeader';

export interface RequestsViewProps {
  identity: { name: string; role: string } | null;
  mine: PromotionSummary[];
  reviewable: PromotionSummary[];
  /** Requests I sent back (changes requested after my review): waiting for their author. */
  waitingForAuthor: PromotionSummary[];
  /** My inbox, shown first. */
  inbox: React.ReactNode;
  error: string | null;
  loading: boolean;
  /** The request to show expanded (from a notification's "Open request"). */
  focused: number | null;
  /** Path of the notebook in the main area, to offer "new revision" on its request. */
  currentPath: string | null;
  onRefresh(): void;
  onOpen(id: number): void;
  onWithdraw(id: number): void;
  onRevise(id: number): void;
  /** Open the request's review panel. */
  onReview(id: number): void;
  onPromote(id: number): void;
  /** The loaded detail of an expanded request (its live rule status). */
  detail(id: number): PromotionDetail | undefined;
  detailError(id: number): string | undefined;
  trans: TranslationBundle;
}

const ACTIVE = new Set(['open', 'changes_requested', 'approved']);
/** States from which a promotion may be asked for (the service has the last word). */
const PROMOTABLE = new Set(['open', 'approved']);

/** The requests sidebar: who I am, my requests, and those waiting for my review. */
export function RequestsView(props: RequestsViewProps): JSX.Element {
  const { trans } = props;
  return (
    <div className="jp-nbpromote-Sidebar-content jp-nbpromote-Requests">
      <SidebarHeader
        title={trans.__('Promotion requests')}
        refreshLabel={trans.__('Refresh requests')}
        onRefresh={props.onRefresh}
      />
      {props.identity && (
        <p className="jp-nbpromote-Requests-identity">
          {trans.__('Signed in as %1 (%2)', props.identity.name, props.identity.role)}
        </p>
      )}
      {props.error && (
        <p className="jp-nbpromote-error" role="alert">
          {props.error}
        </p>
      )}
      {props.loading && !props.identity && !props.error && (
        <p className="jp-nbpromote-muted">{trans.__('Loading…')}</p>
      )}
      {!props.error && (
        <>
          {props.inbox}
          <RequestList
            {...props}
            title={trans.__('My requests')}
            items={props.mine}
            authored={true}
          />
          <RequestList
            {...props}
            title={trans.__('Waiting for my review')}
            items={props.reviewable}
            authored={false}
          />
          {props.waitingForAuthor.length > 0 && (
            <RequestList
              {...props}
              title={trans.__('Changes requested by me: waiting for the author')}
              items={props.waitingForAuthor}
              authored={false}
            />
          )}
        </>
      )}
    </div>
  );
}

function RequestList(
  props: RequestsViewProps & { title: string; items: PromotionSummary[]; authored: boolean }
): JSX.Element {
  const { trans } = props;
  return (
    <section aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.items.length === 0 ? (
        <p className="jp-nbpromote-muted">{trans.__('None.')}</p>
      ) : (
        <ul className="jp-nbpromote-RequestList">
          {props.items.map(r => (
            <RequestRow key={r.id} {...props} request={r} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RequestRow(props: RequestsViewProps & { request: PromotionSummary; authored: boolean }) {
  const { request: r, trans } = props;
  const active = ACTIVE.has(r.state);
  const role = props.identity?.role;
  const promotable =
    PROMOTABLE.has(r.state) && (props.authored || role === 'reviewer' || role === 'admin');
  const revisable =
    props.authored &&
    (r.state === 'open' || r.state === 'changes_requested') &&
    props.currentPath === r.notebookPath;
  return (
    <li
      className={`jp-nbpromote-RequestRow${props.focused === r.id ? ' jp-mod-focused' : ''}`}
      data-request-id={r.id}
    >
      <button
        type="button"
        className="jp-nbpromote-RequestRow-title"
        onClick={() => props.onOpen(r.id)}
      >
        #{r.id} {r.title}
      </button>
      <div className="jp-nbpromote-RequestRow-meta">
        <span className={`jp-nbpromote-State jp-nbpromote-State-${r.state}`}>
          {stateLabel(r.state)}
        </span>
        <span>v{r.version}</span>
        <span>{r.environment}</span>
        <span title={r.updatedAt}>{age(r.updatedAt)}</span>
      </div>
      {props.focused === r.id && (
        <div className="jp-nbpromote-RequestRow-detail">
          <span>
            {trans.__(
              '%1/%2 · revision %3 · by %4',
              r.project,
              r.algorithm,
              String(r.revision),
              r.author
            )}
          </span>
          <span className="jp-nbpromote-muted">{r.notebookPath}</span>
          <DescriptionAndVerdict detail={props.detail(r.id)} trans={trans} />
          <RuleStatus detail={props.detail(r.id)} error={props.detailError(r.id)} trans={trans} />
        </div>
      )}
      <div className="jp-nbpromote-RequestRow-actions">
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-nbpromote-RequestRow-review"
          onClick={() => props.onReview(r.id)}
        >
          {trans.__('Review')}
        </button>
        {promotable && (
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-accept"
            onClick={() => props.onPromote(r.id)}
          >
            {trans.__('Promote')}
          </button>
        )}
        {revisable && (
          <button
            type="button"
            className="jp-Button jp-mod-styled"
            onClick={() => props.onRevise(r.id)}
          >
            {trans.__('Submit new revision')}
          </button>
        )}
        {props.authored && active && (
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-warn"
            onClick={() => props.onWithdraw(r.id)}
          >
            {trans.__('Withdraw')}
          </button>
        )}
      </div>
    </li>
  );
}

const VERDICT_WORDS: Record<string, string> = {
  approve: 'approved',
  request_changes: 'requested changes',
  comment: 'commented'
};

/** What the author wrote when promoting, and the latest review with the reviewer's summary. */
function DescriptionAndVerdict(props: {
  detail: PromotionDetail | undefined;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { detail, trans } = props;
  if (!detail) {
    return null;
  }
  const latest = detail.reviews[detail.reviews.length - 1];
  return (
    <>
      {detail.description.trim() !== '' && (
        <span className="jp-nbpromote-RequestRow-description">{detail.description}</span>
      )}
      {latest && (
        <span className="jp-nbpromote-RequestRow-verdict">
          {trans.__(
            'Latest review: %1 %2 (revision %3)',
            latest.reviewer,
            VERDICT_WORDS[latest.verdict] ?? latest.verdict,
            String(latest.revision)
          )}
          {latest.body ? `: “${latest.body}”` : ''}
        </span>
      )}
    </>
  );
}
