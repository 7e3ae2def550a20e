import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { PromotionDetail } from '../client/types';
import { age } from '../format';

const VERDICT_LABEL = {
  approve: 'approved',
  request_changes: 'requested changes',
  comment: 'commented'
} as const;

/** What the author wrote when promoting: the request's description, as text. */
export function RequestDescription(props: {
  detail: PromotionDetail;
  trans: TranslationBundle;
}): JSX.Element | null {
  const text = props.detail.description?.trim();
  if (!text) {
    return null;
  }
  return (
    <p
      className="jp-nbpromote-ReviewDescription"
      aria-label={props.trans.__('Request description')}
    >
      {text}
    </p>
  );
}

/**
 * Every review of the request, oldest first: verdict, reviewer, revision, when, and the
 * summary written with it. A dismissed verdict says so. Bodies are text (React escapes them).
 */
export function ReviewSummaries(props: {
  detail: PromotionDetail;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { detail, trans } = props;
  if (detail.reviews.length === 0) {
    return null;
  }
  return (
    <section className="jp-nbpromote-ReviewSummaries" aria-label={trans.__('Reviews')}>
      <h3>{trans.__('Reviews')}</h3>
      <ol>
        {detail.reviews.map(r => (
          <li
            key={r.id}
            className={`jp-nbpromote-ReviewSummary jp-nbpromote-ReviewSummary-${r.verdict}`}
            data-review-id={r.id}
          >
            <div className="jp-nbpromote-ReviewSummary-meta">
              <span className="jp-nbpromote-Comment-author">{r.reviewer}</span>
              <span className={`jp-nbpromote-Badge jp-nbpromote-Verdict-${r.verdict}`}>
                {trans.__(VERDICT_LABEL[r.verdict])}
              </span>
              <span className="jp-nbpromote-muted">
                {trans.__('revision %1', String(r.revision))}
              </span>
              <time className="jp-nbpromote-muted" dateTime={r.createdAt} title={r.createdAt}>
                {age(r.createdAt)}
              </time>
              {r.dismissed && <span className="jp-nbpromote-muted">{trans.__('(dismissed)')}</span>}
            </div>
            {r.body?.trim() && <p className="jp-nbpromote-ReviewSummary-body">{r.body}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
