import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { ReviewDiff } from '../client/reviewDiff';
import type { PromotionDetail, Verdict } from '../client/types';
import { stateLabel } from '../format';
import { approvalsRequired } from '../rules/ruleResults';
import type { DiffLayout } from './mergeEditor';
import { type BaseChoice, baseOptions, headOptions, type Pair, parseBase } from './pair';
import { RequestDescription } from './ReviewConversation';
import { ReviewRules } from './ReviewRules';

/** Whether the service would take an action from the reader, and if not, why not. */
export type ActionState = { allowed: boolean; reason?: string };

export interface HeaderProps {
  detail: PromotionDetail;
  diff: ReviewDiff;
  pair: Pair;
  lastReviewed: number | null;
  unresolved: number;
  /** "N of M changed cells viewed"; null when the marks could not be read. */
  viewedProgress: { viewed: number; total: number } | null;
  layout: DiffLayout;
  actionState(action: Verdict): ActionState;
  onPair(pair: { base?: BaseChoice; head?: number }): void;
  onLayout(layout: DiffLayout): void;
  onNextThread(): void;
  onReview(verdict: Verdict, body: string): Promise<void>;
  /** Whether the reader may promote now, as the service says. */
  promotable: boolean;
  onPromote(): Promise<void>;
  trans: TranslationBundle;
}

/** Title, who and where, rules and approvals, the pair picker, threads, and the verdicts. */
export function ReviewHeader(props: HeaderProps): JSX.Element {
  const { detail: d, trans } = props;
  const approvals = d.reviews.filter(r => r.verdict === 'approve' && !r.dismissed).length;
  const needed = approvalsRequired(d.rules);
  return (
    <header className="jp-nbpromote-ReviewHeader">
      <div className="jp-nbpromote-ReviewHeader-title">
        <h2>
          #{d.id} {d.title}
        </h2>
        <span className={`jp-nbpromote-State jp-nbpromote-State-${d.state}`}>
          {stateLabel(d.state)}
        </span>
      </div>
      <div className="jp-nbpromote-ReviewHeader-meta">
        <span>{trans.__('by %1', d.author)}</span>
        <span>
          {d.project}/{d.algorithm}
        </span>
        <span>{trans.__('v%1 to %2', d.version, d.environment)}</span>
        <span className="jp-nbpromote-ReviewHeader-approvals">
          {needed !== null
            ? trans.__('%1 of %2 approvals', String(approvals), String(needed))
            : trans._n('%1 approval', '%1 approvals', approvals)}
        </span>
      </div>
      <RequestDescription detail={d} trans={trans} />
      <div className="jp-nbpromote-ReviewHeader-rules">
        <ReviewRules detail={d} trans={trans} />
      </div>
      <div className="jp-nbpromote-ReviewHeader-pair">
        <label>
          {trans.__('Compare')}
          <select
            className="jp-mod-styled"
            aria-label={trans.__('Base')}
            value={String(props.pair.base)}
            onChange={e => {
              const base = parseBase(e.target.value);
              if (base !== null) {
                props.onPair({ base });
              }
            }}
          >
            {baseOptions(props.pair.head, props.lastReviewed, d.environment).map(o => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {trans.__('with')}
          <select
            className="jp-mod-styled"
            aria-label={trans.__('Head')}
            value={String(props.pair.head)}
            onChange={e => props.onPair({ head: Number(e.target.value) })}
          >
            {headOptions(d.revision).map(o => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <span className="jp-nbpromote-muted">
          {props.diff.base.label} → {props.diff.head.label}
        </span>
        <button
          type="button"
          className="jp-Button jp-mod-minimal jp-mod-styled jp-nbpromote-ReviewHeader-layout"
          onClick={() =>
            props.onLayout(props.layout === 'side-by-side' ? 'unified' : 'side-by-side')
          }
        >
          {props.layout === 'side-by-side' ? trans.__('Unified') : trans.__('Side by side')}
        </button>
        <button
          type="button"
          className="jp-Button jp-mod-minimal jp-mod-styled jp-nbpromote-ReviewHeader-threads"
          disabled={props.unresolved === 0}
          onClick={props.onNextThread}
        >
          {trans._n('%1 unresolved thread', '%1 unresolved threads', props.unresolved)}
        </button>
        {props.viewedProgress && (
          <span className="jp-nbpromote-ReviewHeader-viewed" aria-live="polite">
            {trans.__(
              '%1 of %2 changed cells viewed',
              String(props.viewedProgress.viewed),
              String(props.viewedProgress.total)
            )}
          </span>
        )}
      </div>
      {props.promotable && <PromoteAction {...props} />}
      {/* Reviewers keep their verdicts when a promotion is already possible (no review rule). */}
      {(!props.promotable || VERDICTS.some(v => props.actionState(v.verdict).allowed)) && (
        <ReviewActions {...props} />
      )}
    </header>
  );
}

const VERDICTS: { verdict: Verdict; label: string; className: string }[] = [
  { verdict: 'approve', label: 'Approve', className: 'jp-mod-accept' },
  { verdict: 'request_changes', label: 'Request changes', className: 'jp-mod-warn' },
  { verdict: 'comment', label: 'Comment', className: '' }
];

function ReviewActions(props: HeaderProps): JSX.Element {
  const { trans } = props;
  const [body, setBody] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const states = Object.fromEntries(
    VERDICTS.map(v => [v.verdict, props.actionState(v.verdict)])
  ) as Record<Verdict, ActionState>;
  const reasons = [
    ...new Set(VERDICTS.flatMap(v => states[v.verdict].reason ?? []).filter(Boolean))
  ].filter(reason =>
    VERDICTS.some(v => !states[v.verdict].allowed && states[v.verdict].reason === reason)
  );
  const reasonId = (reason: string) =>
    `jp-nbpromote-reason-${props.detail.id}-${reasons.indexOf(reason)}`;
  const send = async (verdict: Verdict) => {
    setBusy(true);
    setError(null);
    try {
      await props.onReview(verdict, body);
      setBody('');
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="jp-nbpromote-ReviewActions">
      <textarea
        className="jp-mod-styled"
        aria-label={trans.__('Review summary')}
        placeholder={trans.__('Summary of your review')}
        value={body}
        rows={2}
        onChange={e => setBody(e.target.value)}
      />
      <div className="jp-nbpromote-ReviewActions-buttons">
        {VERDICTS.map(v => {
          const state = states[v.verdict];
          return (
            <button
              key={v.verdict}
              type="button"
              className={`jp-Button jp-mod-styled ${v.className}`}
              disabled={busy || !state.allowed}
              title={state.reason ?? ''}
              aria-describedby={state.reason ? reasonId(state.reason) : undefined}
              onClick={() => void send(v.verdict)}
            >
              {trans.__(v.label)}
            </button>
          );
        })}
      </div>
      {/* Why a verdict is not possible, once per reason, as a sentence next to the buttons. */}
      {reasons.length > 0 && (
        <ul className="jp-nbpromote-ReviewActions-reasons">
          {reasons.map(reason => (
            <li key={reason} id={reasonId(reason)}>
              <span className="jp-nbpromote-ReviewActions-which">
                {VERDICTS.filter(v => states[v.verdict].reason === reason)
                  .map(v => trans.__(v.label))
                  .join(', ')}
                :
              </span>{' '}
              {reason}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="jp-nbpromote-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function PromoteAction(props: HeaderProps): JSX.Element {
  const { trans } = props;
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const promote = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onPromote();
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="jp-nbpromote-ReviewActions">
      <button
        type="button"
        className="jp-Button jp-mod-styled jp-mod-accept"
        disabled={busy}
        onClick={() => void promote()}
      >
        {trans.__('Promote to %1', props.detail.environment)}
      </button>
      {error && (
        <p className="jp-nbpromote-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
