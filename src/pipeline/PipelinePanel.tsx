/**
 * The pipeline side panel: for the current notebook, its steps and step graph, the live
 * problems from the service, and its settings forms. Renders the PipelineModel; all writes
 * go through the NotebookSource.
 */
import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';
import type { Problem } from '../client/types';
import { CellSettingsForm, NotebookSettingsForm } from '../metadata/SettingsForm';
import { CheckSection } from './CheckSection';
import { pipelineEdges } from './localPipeline';
import type { NotebookSource } from './notebookSource';
import type { PipelineModel } from './pipelineModel';
import { StepsSection } from './StepsSection';

export namespace PipelinePanel {
  export interface IOptions {
    model: PipelineModel;
    trans: TranslationBundle;
  }
}

export class PipelinePanel extends ReactWidget {
  constructor(options: PipelinePanel.IOptions) {
    super();
    this._model = options.model;
    this._trans = options.trans;
    this.addClass('nbp-PipelinePanel');
  }

  /** Follow a notebook (or none). */
  setSource(source: NotebookSource | null): void {
    if (source === this._source) {
      return;
    }
    this._source?.activeCellChanged.disconnect(this._onActiveCell, this);
    this._source = source;
    source?.activeCellChanged.connect(this._onActiveCell, this);
    this._model.setSource(source);
    this.update();
  }

  /** Bring the settings section into view. */
  showSettings(): void {
    this.node.querySelector('.nbp-Settings')?.scrollIntoView({ block: 'start' });
    this.node.querySelector<HTMLElement>('#nbp-notebook-settings_project')?.focus();
  }

  protected render(): JSX.Element {
    return <UseSignal signal={this._model.changed}>{() => this._renderContent()}</UseSignal>;
  }

  private _renderContent(): JSX.Element {
    const trans = this._trans;
    const source = this._source;
    const local = this._model.local;
    if (!source || !local) {
      return (
        <div className="nbp-Pipeline">
          <h2 className="nbp-Pipeline-title">{trans.__('Pipeline')}</h2>
          <p className="nbp-Pipeline-empty">{trans.__('Open a notebook to see its pipeline.')}</p>
        </div>
      );
    }
    const check = this._model.check;
    const edges = pipelineEdges(local, check.result);
    const cell = source.activeCell();
    return (
      <div className="nbp-Pipeline">
        <h2 className="nbp-Pipeline-title" title={source.path}>
          {trans.__('Pipeline of %1', source.path.split('/').pop() ?? source.path)}
        </h2>
        <StepsSection
          pipeline={local}
          edges={edges}
          checked={check.result !== null}
          trans={trans}
          onJump={ref => source.jumpTo(ref)}
        />
        <CheckSection
          check={check}
          trans={trans}
          onJumpToProblem={problem => this._jumpToProblem(problem)}
          onRefresh={() => void this._model.refresh()}
        />
        <section className="nbp-Pipeline-section nbp-Settings" aria-labelledby="nbp-settings-title">
          <h3 id="nbp-settings-title">{trans.__('Notebook settings')}</h3>
          <NotebookSettingsForm
            key={source.path}
            value={source.notebookSettings()}
            onChange={value => source.setNotebookSettings(value)}
            trans={trans}
          />
          <h3>
            {cell
              ? trans.__('Settings of cell %1 (its step)', String(cell.number))
              : trans.__('Cell settings')}
          </h3>
          {cell && cell.type === 'code' ? (
            <CellSettingsForm
              key={cell.id}
              value={cell.settings}
              onChange={value => source.setCellSettings(value)}
              trans={trans}
            />
          ) : (
            <p className="nbp-Pipeline-empty">
              {trans.__('Select a code cell to set the resources of its step.')}
            </p>
          )}
        </section>
      </div>
    );
  }

  private _jumpToProblem(problem: Problem): void {
    this._source?.jumpTo({
      id: problem.cellId,
      index: problem.cell !== undefined ? problem.cell - 1 : undefined
    });
  }

  private _onActiveCell(): void {
    this.update();
  }

  private readonly _model: PipelineModel;
  private readonly _trans: TranslationBundle;
  private _source: NotebookSource | null = null;
}
