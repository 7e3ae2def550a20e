import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { ReviewComment } from '../client/types';
import { age } from '../format';
import { linesLabel, type ThreadPlacement } from './threads';

/**
 * Threads beside a cell: author and time, replies, resolve and reopen, and for an outdated
 * thread the revision and lines it was written on. Every string is text (React escapes it).
 */

export interface ThreadActions {
  reply(root: ReviewComment, body: string): Promise<void>;
  resolve(root: ReviewComment, resolved: boolean): Promise<void>;
}

export function CommentForm(props: {
  label: string;
  placeholder: string;
  onSubmit(body: string): Promise<void>;
  onCancel?: () => void;
  trans: TranslationBundle;
}): JSX.Element {
  const [body, setBody] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(body);
      setBody('');
      props.onCancel?.();
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="jp-nbpromote-CommentForm">
      <textarea
        className="jp-mod-styled"
        aria-label={props.label}
        placeholder={props.placeholder}
        value={body}
        onChange={e => setBody(e.target.value)}
        rows={3}
      />
      {error && (
        <p className="jp-nbpromote-error" role="alert">
          {error}
        </p>
      )}
      <div className="jp-nbpromote-CommentForm-buttons">
        {props.onCancel && (
          <button type="button" className="jp-Button jp-mod-styled" onClick={props.onCancel}>
            {props.trans.__('Cancel')}
          </button>
        )}
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-accept"
          disabled={busy || body.trim() === ''}
          onClick={() => void submit()}
        >
          {props.label}
        </button>
      </div>
    </div>
  );
}

function CommentBody(props: { comment: ReviewComment }): JSX.Element {
  const c = props.comment;
  return (
    <div className="jp-nbpromote-Comment" data-comment-id={c.id}>
      <div className="jp-nbpromote-Comment-meta">
        <span className="jp-nbpromote-Comment-author">{c.author}</span>
        <span className="jp-nbpromote-muted" title={c.createdAt}>
          {age(c.createdAt)}
        </span>
      </div>
      <p className="jp-nbpromote-Comment-body">{c.body}</p>
    </div>
  );
}

export function ThreadView(props: {
  placement: ThreadPlacement<ReviewComment>;
  actions: ThreadActions;
  canReply: { allowed: boolean; reason?: string };
  canResolve: { allowed: boolean; reason?: string };
  focused: boolean;
  trans: TranslationBundle;
}): JSX.Element {
  const { placement: p, trans } = props;
  const { root, replies } = p.thread;
  const [replying, setReplying] = React.useState(false);
  const classes = ['jp-nbpromote-Thread'];
  if (p.resolved) {
    classes.push('jp-mod-resolved');
  }
  if (p.outdated) {
    classes.push('jp-mod-outdated');
  }
  if (props.focused) {
    classes.push('jp-mod-focused');
  }
  return (
    <article className={classes.join(' ')} data-thread-id={root.id}>
      <header className="jp-nbpromote-Thread-header">
        <span className="jp-nbpromote-Thread-lines">
          {linesLabel(root.lineStart, root.lineEnd)}
        </span>
        {p.outdated && (
          <span className="jp-nbpromote-Badge jp-nbpromote-Badge-outdated">
            {trans.__(
              'Outdated: written on revision %1, %2',
              String(root.revision),
              linesLabel(root.lineStart, root.lineEnd)
            )}
          </span>
        )}
        {p.resolved && (
          <span className="jp-nbpromote-Badge jp-nbpromote-Badge-resolved">
            {trans.__('Resolved')}
          </span>
        )}
      </header>
      <CommentBody comment={root} />
      {replies.map(r => (
        <CommentBody key={r.id} comment={r} />
      ))}
      {replying ? (
        <CommentForm
          label={trans.__('Reply')}
          placeholder={trans.__('Write a reply')}
          onSubmit={body => props.actions.reply(root, body)}
          onCancel={() => setReplying(false)}
          trans={trans}
        />
      ) : (
        <div className="jp-nbpromote-Thread-actions">
          <button
            type="button"
            className="jp-Button jp-mod-minimal jp-mod-styled"
            disabled={!props.canReply.allowed}
            title={props.canReply.reason ?? ''}
            onClick={() => setReplying(true)}
          >
            {trans.__('Reply')}
          </button>
          <button
            type="button"
            className="jp-Button jp-mod-minimal jp-mod-styled"
            disabled={!props.canResolve.allowed}
            title={props.canResolve.reason ?? ''}
            onClick={() => void props.actions.resolve(root, !p.resolved)}
          >
            {p.resolved ? trans.__('Reopen') : trans.__('Resolve')}
          </button>
        </div>
      )}
    </article>
  );
}
