import type { TranslationBundle } from '@jupyterlab/translation';
import type { RJSFSchema } from '@rjsf/utils';
import * as React from 'react';
import { age } from '../format';
import { HistorySection } from './HistorySection';
import { plainMessage } from './plainProblem';
import { RuleCards } from './RuleCards';
import { describePlace } from './ruleFields';
import { RuleResultList } from './RuleResultList';
import { describePath, problemCounts, TABS, tabOf } from './rulesDocument';
import type { RulesEditorModel } from './rulesEditorModel';

export interface RulesEditorViewProps {
  model: RulesEditorModel;
  /** The shared rules schema the form is built from. */
  schema: RJSFSchema;
  trans: TranslationBundle;
}

/**
 * The rules editor: a tab per environment (and the defaults), each its rules as cards in
 * plain words edited in place, or the whole document as JSON, validated as you type; a dry run on a
 * real request; save with a message; the history with diffs. Read-only for non-admins.
 */
export function RulesEditorView(props: RulesEditorViewProps): JSX.Element {
  const { model, trans } = props;
  const [message, setMessage] = React.useState('');
  const counts = problemCounts(model.problems);
  const current = model.current;
  const blocker = model.saveBlocker(message);
  const readOnly = model.readOnlyReason;

  return (
    <div className="jp-nbpromote-RulesEditor">
      <header className="jp-nbpromote-RulesEditor-header">
        <h2>{trans.__('Promotion rules')}</h2>
        {current && (
          <p className="jp-nbpromote-RulesEditor-version">
            {trans.__(
              'Version %1 by %2, %3: %4',
              String(current.version),
              current.author,
              age(current.createdAt),
              current.message
            )}
          </p>
        )}
        <button
          type="button"
          className="jp-Button jp-mod-minimal jp-mod-styled"
          aria-label={trans.__('Reload the rules')}
          title={trans.__('Reload the rules')}
          onClick={() => void model.load()}
        >
          ⟳
        </button>
      </header>
      {readOnly && (
        <p className="jp-nbpromote-RulesEditor-readonly" role="note">
          {readOnly}
        </p>
      )}
      {model.loadError && (
        <p className="jp-nbpromote-error" role="alert">
          {model.loadError}
        </p>
      )}
      {model.loading && !current && <p className="jp-nbpromote-muted">{trans.__('Loading…')}</p>}
      {current && (
        <>
          <div className="jp-nbpromote-RulesEditor-bar">
            <div role="tablist" aria-label={trans.__('Environments')}>
              {TABS.map(tab => (
                <button
                  key={tab}
                  type="button"
                  role="tab"
                  aria-selected={model.tab === tab}
                  className="jp-nbpromote-RulesEditor-tab"
                  data-tab={tab}
                  onClick={() => model.setTab(tab)}
                >
                  {tab === 'defaults' ? trans.__('Every environment') : tab}
                  {counts[tab] > 0 && (
                    <span className="jp-nbpromote-RulesEditor-badge">{counts[tab]}</span>
                  )}
                </button>
              ))}
            </div>
            <div className="jp-nbpromote-RulesEditor-views">
              <ViewToggle model={model} trans={trans} />
            </div>
          </div>
          <ProblemList model={model} schema={props.schema} trans={trans} />
          {model.view === 'form' ? (
            <RuleCards model={model} root={props.schema} trans={trans} />
          ) : (
            <textarea
              className="jp-nbpromote-RulesEditor-json"
              aria-label={trans.__('Rules as JSON')}
              spellCheck={false}
              readOnly={!model.canEdit}
              value={model.jsonText}
              onChange={e => model.setJsonText(e.target.value)}
            />
          )}
          <DryRunSection model={model} trans={trans} />
          {model.canEdit && (
            <section className="jp-nbpromote-RulesEditor-save" aria-label={trans.__('Save')}>
              <input
                aria-label={trans.__('What the change is for')}
                placeholder={trans.__('What the change is for')}
                value={message}
                onChange={e => setMessage(e.target.value)}
              />
              <button
                type="button"
                className="jp-Button jp-mod-styled"
                disabled={!model.dirty}
                onClick={() => model.revert()}
              >
                {trans.__('Revert')}
              </button>
              <button
                type="button"
                className="jp-Button jp-mod-styled jp-mod-accept"
                disabled={blocker !== null || model.saving}
                title={blocker ?? undefined}
                onClick={async () => {
                  if (await model.save(message)) {
                    setMessage('');
                  }
                }}
              >
                {trans.__('Save')}
              </button>
              <span className="jp-nbpromote-RulesEditor-status" role="status">
                {model.saving ? trans.__('Saving…') : (model.saveError ?? blocker ?? '')}
              </span>
              {model.saveWarnings.map((w, i) => (
                <p key={i} className="jp-nbpromote-warning">
                  {trans.__('Saved with a warning: %1 (%2)', w.message, describePath(w.path))}
                </p>
              ))}
            </section>
          )}
          <HistorySection
            versions={model.versions}
            known={{ schema: props.schema, document: model.current?.document ?? {} }}
            error={model.historyError}
            diff={model.diff}
            onDiff={(from, to) => void model.showDiff(from, to)}
            trans={trans}
          />
        </>
      )}
    </div>
  );
}

function ViewToggle(props: { model: RulesEditorModel; trans: TranslationBundle }): JSX.Element {
  const { model, trans } = props;
  return (
    <>
      {(['form', 'json'] as const).map(view => (
        <button
          key={view}
          type="button"
          aria-pressed={model.view === view}
          className="jp-Button jp-mod-minimal jp-mod-styled"
          onClick={() => model.setView(view)}
        >
          {view === 'form' ? trans.__('Form') : trans.__('JSON')}
        </button>
      ))}
    </>
  );
}

function ProblemList(props: {
  model: RulesEditorModel;
  schema: RJSFSchema;
  trans: TranslationBundle;
}) {
  const { model } = props;
  const problems = model.jsonProblem ? [model.jsonProblem, ...model.problems] : model.problems;
  if (problems.length === 0) {
    return null;
  }
  return (
    <ul className="jp-nbpromote-RulesEditor-problems" aria-label={props.trans.__('Problems')}>
      {problems.map((p, i) => (
        <li key={i}>
          <button
            type="button"
            className="jp-nbpromote-RulesEditor-problem"
            onClick={() => {
              const tab = tabOf(p.path);
              if (tab) {
                model.setTab(tab);
                // Open the rule the problem is in, so its field shows the problem.
                const rule = /\/rules\/(\d+)/.exec(p.path);
                if (rule) {
                  model.setOpenRule(Number(rule[1]));
                }
              }
            }}
          >
            <strong>{describePlace(props.schema, model.draft, p.path)}:</strong>{' '}
            {plainMessage(p.message)}
          </button>
        </li>
      ))}
    </ul>
  );
}

function DryRunSection(props: { model: RulesEditorModel; trans: TranslationBundle }) {
  const { model, trans } = props;
  const [id, setId] = React.useState('');
  const run = model.dryRun;
  // The service refuses to evaluate a draft the schema refuses: say so before asking it.
  const invalid =
    model.jsonProblem || model.problems.length > 0
      ? trans.__('Fix the problems above to try these rules.')
      : null;
  return (
    <section className="jp-nbpromote-RulesEditor-dryrun" aria-label={trans.__('Try on a request')}>
      <label>
        {trans.__('Try on request #')}
        <input
          aria-label={trans.__('Request number')}
          inputMode="numeric"
          value={id}
          onChange={e => setId(e.target.value.replace(/[^0-9]/g, ''))}
        />
      </label>
      <button
        type="button"
        className="jp-Button jp-mod-styled"
        disabled={!id || run.running || invalid !== null}
        title={invalid ?? undefined}
        onClick={() => void model.tryOn(Number(id))}
      >
        {trans.__('Try')}
      </button>
      {invalid && id && <span className="jp-nbpromote-muted">{invalid}</span>}
      {run.running && <span className="jp-nbpromote-muted">{trans.__('Evaluating…')}</span>}
      {run.error && (
        <p className="jp-nbpromote-error" role="alert">
          {run.error}
        </p>
      )}
      {run.result && (
        <div className="jp-nbpromote-RulesEditor-dryrunResult">
          <p>
            {trans.__(
              'These rules on request #%1 for %2: %3 (nothing was stored).',
              String(run.result.requestId),
              run.result.evaluation.environment,
              run.result.evaluation.passed ? trans.__('would pass') : trans.__('would fail')
            )}
          </p>
          {run.result.warnings.map((w, i) => (
            <p key={i} className="jp-nbpromote-warning">
              {trans.__('Warning: %1 (%2)', w.message, describePath(w.path))}
            </p>
          ))}
          <RuleResultList results={run.result.evaluation.results} trans={trans} />
        </div>
      )}
    </section>
  );
}
