/** What the service's check says: its status, the problems (each linked to its cell), parameters and metrics. */
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { Problem } from '../client/types';
import type { PipelineModel } from './pipelineModel';

export namespace CheckSection {
  export interface IProps {
    check: PipelineModel.ICheckState;
    trans: TranslationBundle;
    onJumpToProblem: (problem: Problem) => void;
    onRefresh: () => void;
  }
}

export function CheckSection(props: CheckSection.IProps): JSX.Element {
  const { check, trans } = props;
  const result = check.result;
  return (
    <>
      <section className="nbp-Pipeline-section" aria-labelledby="nbp-problems-title">
        <h3 id="nbp-problems-title">
          {trans.__('Problems')}
          <button
            type="button"
            className="jp-mod-styled nbp-Pipeline-refresh"
            onClick={props.onRefresh}
            aria-label={trans.__('Check the notebook again')}
          >
            {trans.__('Check')}
          </button>
        </h3>
        <Status {...props} />
        {result &&
          (result.problems.length === 0 ? (
            <p className="nbp-Pipeline-ok">{trans.__('No problems found.')}</p>
          ) : (
            <ul className="nbp-ProblemList">
              {result.problems.map((problem, i) => (
                <li key={i} className={`nbp-Problem nbp-mod-${problem.severity}`}>
                  <button
                    type="button"
                    className="nbp-Problem-link"
                    disabled={problem.cell === undefined && !problem.cellId}
                    onClick={() => props.onJumpToProblem(problem)}
                  >
                    <span className="nbp-Problem-severity">
                      {problem.severity === 'error' ? trans.__('error') : trans.__('warning')}
                    </span>
                    {problem.cell !== undefined && (
                      <span className="nbp-Problem-cell">
                        {trans.__('cell %1', String(problem.cell))}
                      </span>
                    )}
                    <span className="nbp-Problem-message">{problem.message}</span>
                  </button>
                </li>
              ))}
            </ul>
          ))}
      </section>
      {result && (result.parameters.length > 0 || result.metrics.length > 0) && (
        <section className="nbp-Pipeline-section" aria-labelledby="nbp-params-title">
          <h3 id="nbp-params-title">{trans.__('Parameters and metrics')}</h3>
          <table className="nbp-ParamTable">
            <tbody>
              {result.parameters.map(p => (
                <tr key={`p-${p.name}`}>
                  <th scope="row">{p.name}</th>
                  <td>{p.type}</td>
                  <td>
                    <code>{JSON.stringify(p.default)}</code>
                  </td>
                </tr>
              ))}
              {result.metrics.map(m => (
                <tr key={`m-${m.name}`}>
                  <th scope="row">{m.name}</th>
                  <td>{trans.__('metric')}</td>
                  <td>{m.step ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function Status(props: CheckSection.IProps): JSX.Element | null {
  const { check, trans } = props;
  switch (check.status) {
    case 'checking':
      return <p className="nbp-Pipeline-status">{trans.__('Checking…')}</p>;
    case 'unreachable':
      return (
        <div className="nbp-Pipeline-status nbp-mod-offline" role="status">
          <strong>{trans.__('The nbpromote service is not reachable.')}</strong> {check.message}{' '}
          {trans.__('Tagging still works; the steps above are read from the tags.')}
        </div>
      );
    case 'error':
      return (
        <div className="nbp-Pipeline-status nbp-mod-error" role="status">
          {trans.__('The check failed: %1', check.message)}
        </div>
      );
    default:
      return null;
  }
}
