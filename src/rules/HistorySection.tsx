import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { RulesVersionSummary } from '../client/types';
import { age } from '../format';
import type { DiffState } from './rulesEditorModel';
import { describeChange, type KnownRules, type RulesChange } from './historyChange';

/** Every saved version (who, when, why) and the changes between two of them. */
export function HistorySection(props: {
  versions: RulesVersionSummary[];
  /** The schema and the rules in force, so changes read with the form's labels. */
  known: KnownRules;
  error: string | null;
  diff: DiffState | null;
  onDiff(from: number, to: number): void;
  trans: TranslationBundle;
}): JSX.Element {
  const { trans, versions } = props;
  const newest = versions[0]?.version ?? 0;
  const [from, setFrom] = React.useState<number>(Math.max(1, newest - 1));
  const [to, setTo] = React.useState<number>(newest);
  React.useEffect(() => {
    setFrom(Math.max(1, newest - 1));
    setTo(newest);
  }, [newest]);
  const options = versions.map(v => (
    <option key={v.version} value={v.version}>
      {trans.__('version %1', String(v.version))}
    </option>
  ));
  return (
    <section className="jp-nbpromote-RulesHistory" aria-label={trans.__('History')}>
      <h3>{trans.__('History')}</h3>
      {props.error && (
        <p className="jp-nbpromote-error" role="alert">
          {props.error}
        </p>
      )}
      <ol className="jp-nbpromote-RulesHistory-list">
        {versions.map(v => (
          <li key={v.version} data-version={v.version}>
            <span className="jp-nbpromote-RulesHistory-version">v{v.version}</span>
            <span className="jp-nbpromote-RulesHistory-author">{v.author}</span>
            <span className="jp-nbpromote-muted" title={v.createdAt}>
              {age(v.createdAt)}
            </span>
            <span className="jp-nbpromote-RulesHistory-message">{v.message}</span>
            {v.version > 1 && (
              <button
                type="button"
                className="jp-Button jp-mod-minimal jp-mod-styled"
                onClick={() => props.onDiff(v.version - 1, v.version)}
              >
                {trans.__('Changes')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {versions.length > 1 && (
        <div className="jp-nbpromote-RulesHistory-compare">
          <label>
            {trans.__('From')}
            <select value={from} onChange={e => setFrom(Number(e.target.value))}>
              {options}
            </select>
          </label>
          <label>
            {trans.__('to')}
            <select value={to} onChange={e => setTo(Number(e.target.value))}>
              {options}
            </select>
          </label>
          <button
            type="button"
            className="jp-Button jp-mod-styled"
            disabled={from === to}
            onClick={() => props.onDiff(from, to)}
          >
            {trans.__('Compare')}
          </button>
        </div>
      )}
      {props.diff && (
        <DiffView diff={props.diff} versions={versions} known={props.known} trans={trans} />
      )}
    </section>
  );
}

function DiffView(props: {
  diff: DiffState;
  versions: RulesVersionSummary[];
  known: KnownRules;
  trans: TranslationBundle;
}): JSX.Element {
  const { diff, trans } = props;
  const by = props.versions.find(v => v.version === diff.to);
  return (
    <div className="jp-nbpromote-RulesDiff" aria-label={trans.__('Rules diff')}>
      <h4>
        {trans.__('Version %1 to %2', String(diff.from), String(diff.to))}
        {by && diff.to - diff.from === 1 && (
          <span className="jp-nbpromote-muted">
            {' '}
            {trans.__('by %1: %2', by.author, by.message)}
          </span>
        )}
      </h4>
      {diff.loading && <p className="jp-nbpromote-muted">{trans.__('Comparing…')}</p>}
      {diff.error && (
        <p className="jp-nbpromote-error" role="alert">
          {diff.error}
        </p>
      )}
      {diff.result && diff.result.changes.length === 0 && (
        <p className="jp-nbpromote-muted">{trans.__('No differences.')}</p>
      )}
      {diff.result && diff.result.changes.length > 0 && (
        <ul>
          {diff.result.changes.map((c, i) => (
            <ChangeRow key={i} change={c} known={props.known} trans={trans} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ChangeRow(props: {
  change: RulesChange;
  known: KnownRules;
  trans: TranslationBundle;
}): JSX.Element {
  const { change, trans } = props;
  const words = describeChange(change, props.known);
  return (
    <li className={`jp-nbpromote-RulesDiff-${change.op}`}>
      <span className="jp-nbpromote-RulesDiff-kind">{trans.__(words.verb)}</span>{' '}
      <span className="jp-nbpromote-RulesDiff-path" title={change.path}>
        {words.place}
      </span>
      {words.sentence !== undefined && (
        <p className="jp-nbpromote-RulesDiff-sentence">{words.sentence}</p>
      )}
      {(words.before !== undefined || words.after !== undefined) && (
        <p className="jp-nbpromote-RulesDiff-values">
          {words.before !== undefined && (
            <del className="jp-nbpromote-RulesDiff-before">{words.before}</del>
          )}
          {words.before !== undefined && words.after !== undefined && ' → '}
          {words.after !== undefined && (
            <ins className="jp-nbpromote-RulesDiff-after">{words.after}</ins>
          )}
        </p>
      )}
    </li>
  );
}
