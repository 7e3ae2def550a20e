import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { type ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';
import type { Notification } from '../client/types';
import type { InboxModel } from './inboxModel';
import { InboxView } from './InboxView';
import type { RequestsModel } from './requestsModel';
import { RequestsView } from './RequestsView';

export namespace RequestsPanel {
  export interface IOptions {
    model: RequestsModel;
    inbox: InboxModel;
    trans: TranslationBundle;
    /** Path of the notebook in the main area, if any. */
    currentPath(): string | null;
    onWithdraw(id: number): void;
    onRevise(id: number): void;
    onReview(id: number): void;
    onPromote(id: number): void;
    /** Open what a notification is about. */
    onOpenNotification(n: Notification): void;
  }
}

/** The sidebar widget: renders the requests model, re-rendering on its changes. */
export class RequestsPanel extends ReactWidget {
  constructor(options: RequestsPanel.IOptions) {
    super();
    this._options = options;
    this.addClass('jp-nbpromote-Sidebar');
    this.addClass('jp-nbpromote-RequestsPanel');
  }

  /** Expand one request (or none). */
  focus(id: number | null): void {
    if (this._focused !== null && this._focused !== id) {
      this._options.model.unfollow(this._focused);
    }
    this._focused = id;
    if (id !== null) {
      void this._options.model.follow(id);
    }
    this._focusChanged.emit();
  }

  /** Re-render, e.g. when the current notebook changed. */
  refreshView(): void {
    this._focusChanged.emit();
  }

  protected render(): JSX.Element {
    const { model, inbox, trans } = this._options;
    return (
      <UseSignal signal={model.changed as ISignal<unknown, void>}>
        {() => (
          <UseSignal signal={this._focusChanged as ISignal<unknown, void>}>
            {() => (
              <RequestsView
                identity={model.identity}
                mine={model.mine}
                reviewable={model.reviewable}
                waitingForAuthor={model.waitingForAuthor}
                inbox={
                  <UseSignal signal={inbox.changed as ISignal<unknown, void>}>
                    {() => (
                      <InboxView
                        items={inbox.items}
                        unread={inbox.unread}
                        onMarkRead={id => void inbox.markRead(id)}
                        onMarkAllRead={() => void inbox.markAllRead()}
                        onOpen={n => {
                          if (!n.read) {
                            void inbox.markRead(n.id);
                          }
                          this._options.onOpenNotification(n);
                        }}
                        trans={trans}
                      />
                    )}
                  </UseSignal>
                }
                error={model.error}
                loading={model.loading}
                focused={this._focused}
                currentPath={this._options.currentPath()}
                onRefresh={() => void model.refresh()}
                onOpen={id => this.focus(this._focused === id ? null : id)}
                onWithdraw={this._options.onWithdraw}
                onRevise={this._options.onRevise}
                onReview={this._options.onReview}
                onPromote={this._options.onPromote}
                detail={id => model.detail(id)}
                detailError={id => model.detailError(id)}
                trans={trans}
              />
            )}
          </UseSignal>
        )}
      </UseSignal>
    );
  }

  private readonly _options: RequestsPanel.IOptions;
  private readonly _focusChanged = new Signal<this, void>(this);
  private _focused: number | null = null;
}
