import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { PromotionDetail } from '../client/types';
import { RuleResultList } from './RuleResultList';
import { statusLine } from './ruleResults';

/** What still stands between a request and promotion, rule by rule. */
export function RuleStatus(props: {
  detail: PromotionDetail | undefined;
  error: string | undefined;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { detail, trans } = props;
  if (props.error) {
    return <span className="jp-nbpromote-error">{props.error}</span>;
  }
  if (!detail) {
    return <span className="jp-nbpromote-muted">{trans.__('Loading the rule status…')}</span>;
  }
  // Live while the request is active; once promoted, what was recorded then.
  const evaluation = detail.rules ?? detail.rulesCheck?.evaluation;
  if (!evaluation) {
    return null;
  }
  const check = detail.rules ? undefined : detail.rulesCheck;
  return (
    <div className="jp-nbpromote-RuleStatus" aria-label={trans.__('Rule status')}>
      {check && (
        <span className="jp-nbpromote-muted">
          {trans.__(
            'Promoted under rules version %1 (revision %2).',
            String(check.rulesVersion),
            String(check.revision)
          )}
        </span>
      )}
      {/* A space for readers of the text (screen readers, copy); the lines stack anyway. */}
      {check && ' '}
      <strong className="jp-nbpromote-RuleStatus-line">{statusLine(evaluation)}</strong>
      <RuleResultList results={evaluation.results} trans={trans} />
    </div>
  );
}
