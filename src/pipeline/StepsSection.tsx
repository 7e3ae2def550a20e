/** The steps in order with their cells, and the step graph as a list of edges. */
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { ICellRef, IEdge, ILocalPipeline } from './localPipeline';

export namespace StepsSection {
  export interface IProps {
    pipeline: ILocalPipeline;
    edges: IEdge[];
    /** The service has answered, so inferred edges are known. */
    checked: boolean;
    trans: TranslationBundle;
    onJump: (cell: ICellRef) => void;
  }
}

/** A button that jumps to a cell, named by its 1-based number like the service does. */
export function CellLink(props: {
  cell: ICellRef;
  trans: TranslationBundle;
  onJump: (cell: ICellRef) => void;
}): JSX.Element {
  const number = String(props.cell.index + 1);
  return (
    <button
      type="button"
      className="nbp-CellLink"
      aria-label={props.trans.__('Go to cell %1', number)}
      onClick={() => props.onJump(props.cell)}
    >
      {props.trans.__('cell %1', number)}
    </button>
  );
}

export function StepsSection(props: StepsSection.IProps): JSX.Element {
  const { pipeline, trans } = props;
  const others: [string, ICellRef[]][] = [
    [trans.__('Setup (imports, functions)'), pipeline.setup],
    [trans.__('Parameters'), pipeline.parameters],
    [trans.__('Metrics'), pipeline.metrics],
    [trans.__('Skipped'), pipeline.skipped]
  ];
  return (
    <>
      <section className="nbp-Pipeline-section" aria-labelledby="nbp-steps-title">
        <h3 id="nbp-steps-title">{trans.__('Steps')}</h3>
        {pipeline.steps.length === 0 ? (
          <p className="nbp-Pipeline-empty">
            {trans.__('No steps yet: tag a cell with the step picker of the cell toolbar.')}
          </p>
        ) : (
          <ol className="nbp-StepList">
            {pipeline.steps.map(step => (
              <li key={step.name} className="nbp-StepList-item" data-nbp-color={step.color}>
                <span className="nbp-StepList-name">{step.name}</span>
                <span className="nbp-StepList-cells">
                  {step.cells.map(cell => (
                    <CellLink key={cell.id} cell={cell} trans={trans} onJump={props.onJump} />
                  ))}
                </span>
              </li>
            ))}
          </ol>
        )}
        <dl className="nbp-RoleList">
          {others
            .filter(([, cells]) => cells.length > 0)
            .map(([label, cells]) => (
              <React.Fragment key={label}>
                <dt>{label}</dt>
                <dd>
                  {cells.map(cell => (
                    <CellLink key={cell.id} cell={cell} trans={trans} onJump={props.onJump} />
                  ))}
                </dd>
              </React.Fragment>
            ))}
        </dl>
      </section>
      <section className="nbp-Pipeline-section" aria-labelledby="nbp-graph-title">
        <h3 id="nbp-graph-title">{trans.__('Step graph')}</h3>
        {props.edges.length === 0 ? (
          <p className="nbp-Pipeline-empty">
            {props.checked
              ? trans.__('No dependencies between steps.')
              : trans.__(
                  'Dependencies inferred from the data flow appear once the service has checked the notebook.'
                )}
          </p>
        ) : (
          <ul className="nbp-EdgeList">
            {props.edges.map(edge => (
              <li key={`${edge.from}>${edge.to}`} className={`nbp-Edge nbp-mod-${edge.kind}`}>
                <span className="nbp-Edge-steps">
                  {edge.from} → {edge.to}
                </span>
                <span className="nbp-Edge-kind">
                  {edge.kind === 'explicit' ? trans.__('explicit (prev:)') : trans.__('inferred')}
                </span>
                {edge.variables.length > 0 && (
                  <span className="nbp-Edge-vars">{edge.variables.join(', ')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
