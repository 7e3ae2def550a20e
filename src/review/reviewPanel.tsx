import type { Extension } from '@codemirror/state';
import { MainAreaWidget, ReactWidget, UseSignal } from '@jupyterlab/apputils';
import type { IEditorLanguageRegistry } from '@jupyterlab/codemirror';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import { type ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';
import type { CallerAction, PromotionDetail } from '../client/types';
import { LazyMount } from './lazyMount';
import type { DiffLayout } from './mergeEditor';
import type { ActionState } from './ReviewHeader';
import type { ReviewModel } from './reviewModel';
import { ReviewView } from './ReviewView';
import { VerificationModel } from './verificationModel';

export namespace ReviewContent {
  export interface IOptions {
    model: ReviewModel;
    rendermime: IRenderMimeRegistry;
    languages: IEditorLanguageRegistry;
    layout: DiffLayout;
    trans: TranslationBundle;
    permission(detail: PromotionDetail, action: CallerAction, me: string | null): ActionState;
    onLayout(layout: DiffLayout): void;
    showInNotebook(detail: PromotionDetail, cellId: string): void;
  }
}

/** The review's scrolling content: renders the model, with the notebook's language loaded. */
export class ReviewContent extends ReactWidget {
  constructor(options: ReviewContent.IOptions) {
    super();
    this._options = options;
    this._diffLayout = options.layout;
    this.addClass('jp-nbpromote-ReviewContent');
    this._lazy = new LazyMount(this.node);
    options.model.changed.connect(this._loadLanguage, this);
    this._verification = new VerificationModel({
      client: options.model.client,
      id: options.model.id
    });
    this._verification.start();
    // A run that ends changes the reproduces rule's result: the header asks for it again.
    let going = false;
    this._verification.changed.connect(() => {
      const status = this._verification.latest?.status;
      const now = status === 'queued' || status === 'running';
      if (going && !now) {
        void options.model.load();
      }
      going = now;
    }, this);
    // A new revision starts its own verification run: ask again when one arrives.
    options.model.changed.connect(() => {
      const revision = options.model.detail?.revision ?? null;
      if (revision !== this._verifiedRevision) {
        this._verifiedRevision = revision;
        void this._verification.load();
      }
    }, this);
  }

  get model(): ReviewModel {
    return this._options.model;
  }

  setDiffLayout(layout: DiffLayout): void {
    if (layout !== this._diffLayout) {
      this._diffLayout = layout;
      this._redraw.emit();
    }
  }

  dispose(): void {
    this._verification.dispose();
    this._lazy.dispose();
    super.dispose();
  }

  protected render(): JSX.Element {
    const { model, trans } = this._options;
    return (
      <UseSignal signal={this._redraw as ISignal<unknown, void>}>
        {() => (
          <UseSignal signal={model.changed as ISignal<unknown, void>}>
            {() => (
              <ReviewView
                model={model}
                verification={this._verification}
                rendermime={this._options.rendermime}
                language={this._language}
                layout={this._diffLayout}
                lazy={this._lazy}
                trans={trans}
                permission={action =>
                  model.detail
                    ? this._options.permission(model.detail, action, model.me?.name ?? null)
                    : { allowed: false }
                }
                onLayout={this._options.onLayout}
                showInNotebook={cellId =>
                  model.detail && this._options.showInNotebook(model.detail, cellId)
                }
              />
            )}
          </UseSignal>
        )}
      </UseSignal>
    );
  }

  /** Highlight with the notebook's own language, as JupyterLab's editors do. */
  private _loadLanguage(): void {
    const metadata = this.model.headNotebook?.metadata as
      { language_info?: { name?: string }; kernelspec?: { language?: string } } | undefined;
    const name = metadata?.language_info?.name ?? metadata?.kernelspec?.language ?? 'python';
    if (name === this._languageName) {
      return;
    }
    this._languageName = name;
    void this._options.languages.getLanguage(name).then(language => {
      this._language = language?.support ?? null;
      this._redraw.emit();
    });
  }

  private readonly _options: ReviewContent.IOptions;
  private readonly _lazy: LazyMount;
  private readonly _verification: VerificationModel;
  private _verifiedRevision: number | null = null;
  private readonly _redraw = new Signal<this, void>(this);
  private _diffLayout: DiffLayout;
  private _language: Extension | null = null;
  private _languageName: string | null = null;
}

/** The main-area widget of one request's review. */
export class ReviewPanel extends MainAreaWidget<ReviewContent> {
  constructor(content: ReviewContent, trans: TranslationBundle) {
    super({ content });
    this.id = `nbpromote-review-${content.model.id}`;
    this.addClass('jp-nbpromote-ReviewPanel');
    this.title.label = trans.__('Review #%1', String(content.model.id));
    this.title.closable = true;
    content.model.changed.connect(() => {
      const detail = content.model.detail;
      if (detail) {
        // Title text only: Lumino sets it as text, never as markup.
        this.title.label = trans.__('Review #%1', String(detail.id));
        this.title.caption = `#${detail.id} ${detail.title}`;
      }
    });
  }
}
