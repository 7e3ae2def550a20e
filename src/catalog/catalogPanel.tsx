import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ISignal } from '@lumino/signaling';
import * as React from 'react';
import type { CatalogModel } from './catalogModel';
import { CatalogView } from './CatalogView';

export namespace CatalogPanel {
  export interface IOptions {
    model: CatalogModel;
    trans: TranslationBundle;
    onReview(requestId: number): void;
  }
}

/** The sidebar widget: renders the catalog model, re-rendering on its changes. */
export class CatalogPanel extends ReactWidget {
  constructor(options: CatalogPanel.IOptions) {
    super();
    this._options = options;
    this.addClass('jp-nbpromote-Sidebar');
    this.addClass('jp-nbpromote-CatalogPanel');
  }

  protected render(): JSX.Element {
    const { model, trans } = this._options;
    return (
      <UseSignal signal={model.changed as ISignal<unknown, void>}>
        {() => (
          <CatalogView
            rows={model.rows}
            total={model.total}
            filter={model.filter}
            error={model.error}
            loading={model.loading}
            isExpanded={key => model.isExpanded(key)}
            onToggle={key => model.toggle(key)}
            onFilter={text => (model.filter = text)}
            onRefresh={() => void model.refresh()}
            onReview={this._options.onReview}
            trans={trans}
          />
        )}
      </UseSignal>
    );
  }

  private readonly _options: CatalogPanel.IOptions;
}
