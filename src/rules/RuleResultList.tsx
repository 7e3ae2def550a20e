import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { RuleResult } from '../client/types';
import { resultKind, resultLabel } from './ruleResults';

/** Each rule's result: its id and type, what it found, and where in the notebook. */
export function RuleResultList(props: {
  results: RuleResult[];
  trans: TranslationBundle;
  /** Shown when there are no rules for the environment. */
  empty?: string;
}): JSX.Element {
  const { trans } = props;
  if (props.results.length === 0) {
    return <p className="jp-nbpromote-muted">{props.empty ?? trans.__('No rules apply.')}</p>;
  }
  return (
    <ul className="jp-nbpromote-RuleResults">
      {props.results.map(r => (
        <li
          key={r.id}
          className={`jp-nbpromote-RuleResult jp-nbpromote-mod-${resultKind(r)}`}
          data-rule-id={r.id}
          data-rule-status={r.status}
        >
          <span className="jp-nbpromote-RuleResult-status">{resultLabel(r)}</span>
          <span className="jp-nbpromote-RuleResult-id">
            {r.id}
            <span className="jp-nbpromote-muted"> ({r.type.replace(/_/g, ' ')})</span>
          </span>
          <span className="jp-nbpromote-RuleResult-message">{r.message}</span>
          {r.reasons.length > 1 && (
            <ul className="jp-nbpromote-RuleResult-reasons">
              {r.reasons.map((reason, i) => (
                <li key={i}>{reason}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
