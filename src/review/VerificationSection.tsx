import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { Identity, MetricComparison } from '../client/types';
import { CellLinks } from './CellLinks';
import { stateLabel, verdictLine, type VerificationModel } from './verificationModel';

/** Where a run's step leads in the review: its cells there, and going to one. */
export interface StepLinks {
  /** The ids of the step's cells as the review shows them; empty: nothing to link to. */
  cellsOf(step: string, revision: number): string[];
  goTo(cellId: string): void;
}

/**
 * The Verification section at the top of the review: the latest run's state, its metrics
 * beside the notebook's, the failed step (linked to its cells) and its log as text, and
 * *Run again* / *Cancel*.
 */
export function VerificationSection(props: {
  model: VerificationModel;
  me: Identity | null;
  author: string;
  /** A `reproduces` rule applies to the request: the section says why nothing runs. */
  required: boolean;
  /** Without it the failed step is named, not linked. */
  steps?: StepLinks;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { model, me, author, required, steps, trans } = props;
  const [, setTick] = React.useState(0);
  React.useEffect(() => {
    const update = () => setTick(t => t + 1);
    model.changed.connect(update);
    return () => {
      model.changed.disconnect(update);
    };
  }, [model]);
  const v = model.verification;
  if (!v) {
    return null;
  }
  const run = model.latest;
  // Runs switched off, none ever made and no rule asking for one: nothing for a reviewer here.
  if (!v.enabled && !run && !required) {
    return null;
  }
  const mayAct = model.mayAct(me, author);
  const going = run !== null && (run.status === 'queued' || run.status === 'running');
  const verdict = run ? verdictLine(run) : null;
  const comparison = run?.result?.comparison ?? null;
  return (
    <section
      className="jp-nbpromote-Verification"
      aria-label={trans.__('Verification')}
      data-status={run?.status ?? 'none'}
    >
      <h3 className="jp-nbpromote-Verification-title">{trans.__('Verification')}</h3>
      {!v.enabled && !run && (
        <p className="jp-nbpromote-muted">
          {trans.__('Verification runs are switched off on this service.')}
        </p>
      )}
      {v.enabled && !run && (
        <p className="jp-nbpromote-muted">{trans.__('No verification run yet.')}</p>
      )}
      {run && (
        <p className="jp-nbpromote-Verification-state" role="status">
          <strong>{stateLabel(run)}</strong>{' '}
          <span className="jp-nbpromote-muted">
            {trans.__(
              'revision %1, %2 use case, %3 executor',
              String(run.revision),
              run.useCase,
              run.executor
            )}
            {run.stale ? ` ${trans.__('(stale: a later revision exists)')}` : ''}
          </span>
        </p>
      )}
      {verdict && <p className="jp-nbpromote-Verification-verdict">{verdict}</p>}
      {comparison && comparison.metrics.length > 0 && (
        <table className="jp-nbpromote-Verification-metrics">
          <thead>
            <tr>
              <th>{trans.__('Metric')}</th>
              <th>{trans.__('Notebook')}</th>
              <th>{trans.__('Run')}</th>
              <th>{trans.__('Difference')}</th>
              <th>{trans.__('Within tolerance')}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.metrics.map(m => (
              <MetricRow key={m.name} metric={m} trans={trans} />
            ))}
          </tbody>
        </table>
      )}
      {run?.result?.failedStep && run.status !== 'passed' && (
        <FailedStep
          step={run.result.failedStep}
          cells={steps?.cellsOf(run.result.failedStep, run.revision) ?? []}
          goTo={cellId => steps?.goTo(cellId)}
          trans={trans}
        />
      )}
      {comparison?.seedHint && (
        <p className="jp-nbpromote-Verification-hint">{comparison.seedHint}</p>
      )}
      {run?.log && run.status !== 'passed' && (
        <details className="jp-nbpromote-Verification-log" open={run.status === 'failed'}>
          <summary>
            {run.result?.failedStep
              ? trans.__('Log (failed step %1)', run.result.failedStep)
              : trans.__('Log')}
          </summary>
          <pre>{run.log}</pre>
        </details>
      )}
      {model.error && (
        <p className="jp-nbpromote-error" role="alert">
          {model.error}
        </p>
      )}
      {mayAct && v.enabled && (
        <div className="jp-nbpromote-Verification-actions">
          {going ? (
            <button
              type="button"
              className="jp-mod-styled"
              disabled={model.busy}
              onClick={() => void model.cancel()}
            >
              {trans.__('Cancel')}
            </button>
          ) : (
            <button
              type="button"
              className="jp-mod-styled"
              disabled={model.busy}
              onClick={() => void model.runAgain()}
            >
              {trans.__('Run again')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** "Failed step train  cell split  cell fit": the name goes to the step's first cell. */
function FailedStep(props: {
  step: string;
  cells: string[];
  goTo(cellId: string): void;
  trans: TranslationBundle;
}): JSX.Element {
  const { step, cells, goTo, trans } = props;
  return (
    <p className="jp-nbpromote-Verification-failedStep">
      <span>{trans.__('Failed step')}</span>{' '}
      {cells.length > 0 ? (
        <button
          type="button"
          className="jp-Button jp-mod-minimal jp-mod-styled jp-nbpromote-Verification-step"
          title={trans.__('Go to the cells of step %1 in this review', step)}
          onClick={() => goTo(cells[0])}
        >
          {step}
        </button>
      ) : (
        <code className="jp-nbpromote-Verification-step">{step}</code>
      )}{' '}
      <CellLinks cellIds={cells} onGo={goTo} trans={trans} />
    </p>
  );
}

function MetricRow(props: { metric: MetricComparison; trans: TranslationBundle }): JSX.Element {
  const { metric: m, trans } = props;
  const show = (x: number | string | null) => (x === null ? '—' : String(x));
  return (
    <tr className={m.within ? 'jp-nbpromote-mod-pass' : 'jp-nbpromote-mod-fail'}>
      <td>{m.name}</td>
      <td>{show(m.notebook)}</td>
      <td>{show(m.run)}</td>
      <td>{m.difference === null ? '—' : String(Number(m.difference.toPrecision(6)))}</td>
      <td>{m.within ? trans.__('yes') : trans.__('no')}</td>
    </tr>
  );
}
