import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { Notification } from '../client/types';
import { age } from '../format';
import { notificationNotice } from './notificationNotice';

export interface InboxViewProps {
  items: readonly Notification[];
  unread: number;
  onMarkRead(id: number): void;
  onMarkAllRead(): void;
  /** Open what a notification is about (its review, or the request). */
  onOpen(n: Notification): void;
  trans: TranslationBundle;
}

/** The most notifications listed; older ones stay in the service. */
const SHOWN = 20;

/** My inbox: what happened to my requests and where I was mentioned, unread first. */
export function InboxView(props: InboxViewProps): JSX.Element {
  const { trans } = props;
  const title =
    props.unread > 0 ? trans.__('Inbox (%1 unread)', String(props.unread)) : trans.__('Inbox');
  return (
    <section aria-label={trans.__('Inbox')} className="jp-nbpromote-Inbox">
      <div className="jp-nbpromote-Inbox-header">
        <h3>{title}</h3>
        {props.unread > 0 && (
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-minimal"
            onClick={props.onMarkAllRead}
          >
            {trans.__('Mark all read')}
          </button>
        )}
      </div>
      {props.items.length === 0 ? (
        <p className="jp-nbpromote-muted">{trans.__('Nothing yet.')}</p>
      ) : (
        <ul className="jp-nbpromote-RequestList">
          {props.items.slice(0, SHOWN).map(n => (
            <li
              key={n.id}
              className={`jp-nbpromote-InboxItem${n.read ? '' : ' jp-mod-unread'}`}
              data-notification-id={n.id}
            >
              <span className="jp-nbpromote-InboxItem-message">
                {notificationNotice(n, trans).message}
              </span>
              <div className="jp-nbpromote-RequestRow-actions">
                <span className="jp-nbpromote-muted" title={n.createdAt}>
                  {age(n.createdAt)}
                </span>
                <button
                  type="button"
                  className="jp-Button jp-mod-styled"
                  onClick={() => props.onOpen(n)}
                >
                  {trans.__('Open')}
                </button>
                {!n.read && (
                  <button
                    type="button"
                    className="jp-Button jp-mod-styled"
                    onClick={() => props.onMarkRead(n.id)}
                  >
                    {trans.__('Mark read')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
