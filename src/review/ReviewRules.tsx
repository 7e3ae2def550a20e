import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { PromotionDetail, RuleResult } from '../client/types';
import { isBlocking, resultKind, resultLabel } from '../rules/ruleResults';

/**
 * The rules as the review panel's header shows them, across its full width: what still stands
 * between the request and promotion, then each rule with every reason on a line of its own
 * (the service's one-line message folds extra reasons into "(and N more)"), and once promoted,
 * the rules version it was promoted under.
 */
export function ReviewRules(props: {
  detail: PromotionDetail;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { detail, trans } = props;
  const evaluation = detail.rules ?? detail.rulesCheck?.evaluation;
  if (!evaluation) {
    return null;
  }
  const check = detail.rules ? undefined : detail.rulesCheck;
  const blocking = evaluation.results.filter(isBlocking);
  const headline = evaluation.bypass
    ? trans.__(
        'Promoted past failing rules by %1: %2',
        evaluation.bypass.by,
        evaluation.bypass.reason
      )
    : blocking.length === 0
      ? trans.__(
          'All rules for %1 pass (rules version %2).',
          evaluation.environment,
          String(evaluation.rulesVersion)
        )
      : trans._n(
          'Before promotion to %2: %1 rule is not met yet.',
          'Before promotion to %2: %1 rules are not met yet.',
          blocking.length,
          evaluation.environment
        );
  return (
    <div className="jp-nbpromote-ReviewRules" aria-label={trans.__('Rule status')}>
      <p className="jp-nbpromote-ReviewRules-headline">
        {check && (
          <span className="jp-nbpromote-muted">
            {trans.__(
              'Promoted under rules version %1 (revision %2).',
              String(check.rulesVersion),
              String(check.revision)
            )}{' '}
          </span>
        )}
        <strong>{headline}</strong>
      </p>
      <ul className="jp-nbpromote-ReviewRules-list">
        {evaluation.results.map(r => (
          <li
            key={r.id}
            className={`jp-nbpromote-ReviewRules-rule jp-nbpromote-mod-${resultKind(r)}`}
            data-rule-id={r.id}
            data-rule-status={r.status}
          >
            <span className="jp-nbpromote-ReviewRules-status">{resultLabel(r)}</span>
            <span className="jp-nbpromote-ReviewRules-id">
              {r.id} <span className="jp-nbpromote-muted">({r.type})</span>
            </span>
            <RuleReasons result={r} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A sentence per reason: capitalised and ending with a full stop. */
export function sentence(text: string): string {
  const s = text.trim();
  const capital = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function RuleReasons(props: { result: RuleResult }): JSX.Element {
  const { result } = props;
  if (result.reasons.length <= 1) {
    return <span className="jp-nbpromote-ReviewRules-message">{result.message}</span>;
  }
  return (
    <ul className="jp-nbpromote-ReviewRules-message jp-nbpromote-ReviewRules-reasons">
      {result.reasons.map((reason, i) => (
        <li key={i}>{sentence(reason)}</li>
      ))}
    </ul>
  );
}
