import type { Extension } from '@codemirror/state';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { CellDiff, ValueChange } from '../client/reviewDiff';
import type { ReviewComment } from '../client/types';
import type { LazyMount } from './lazyMount';
import type { DiffLayout } from './mergeEditor';
import { MarkdownSide, OutputsSide } from './RenderedSide';
import type { NotebookJSON } from './reviewModel';
import { type CellRow, stepLabel } from './rows';
import { SourceDiffView } from './SourceDiffView';
import { linesLabel, type ThreadPlacement } from './threads';
import { CommentForm, type ThreadActions, ThreadView } from './ThreadsView';

/** What every cell of one panel shares. */
export interface CellContext {
  rendermime: IRenderMimeRegistry;
  language: Extension | null;
  layout: DiffLayout;
  lazy: LazyMount;
  trans: TranslationBundle;
  baseNotebook: NotebookJSON | null;
  headNotebook: NotebookJSON | null;
  /** Revisions of the sides shown (base undefined for production). */
  revisions: { base?: number; head: number };
  focusedThread: number | null;
  /** What the reader may do with threads (comment, resolve_comment), from the service. */
  permission(action: 'comment' | 'resolve_comment'): { allowed: boolean; reason?: string };
  showInNotebook(cellId: string): void;
  comment(input: {
    cellId: string;
    revision: number;
    lines?: { start: number; end: number };
    body: string;
  }): Promise<void>;
  /** Mark a cell of the head revision viewed or not. */
  setViewed(cellId: string, viewed: boolean): Promise<void>;
  threadActions: ThreadActions;
}

type Side = { source: string; outputs: unknown[] } | null;

function side(nb: NotebookJSON | null, index: number | undefined): Side {
  const cell = index === undefined ? undefined : nb?.cells?.[index];
  if (!cell) {
    return null;
  }
  const source = Array.isArray(cell.source) ? cell.source.join('') : (cell.source ?? '');
  return { source, outputs: Array.isArray(cell.outputs) ? cell.outputs : [] };
}

const STATUS_LABEL: Record<CellDiff['status'], string> = {
  unchanged: 'unchanged',
  added: 'added',
  removed: 'removed',
  modified: 'modified',
  moved: 'moved'
};

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

function ValueChanges(props: { title: string; changes: readonly ValueChange[] }) {
  return (
    <details className="jp-nbpromote-ReviewCell-metadata">
      <summary>{props.title}</summary>
      <ul>
        {props.changes.map(c => (
          <li key={c.path.join('.')}>
            <code>{c.path.join('.')}</code>: {show(c.base)} → {show(c.head)}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** One changed (or opened) cell: badges, source diff, rendered sides, outputs, threads. */
export const CellView = React.memo(CellViewInner);

function CellViewInner(props: {
  row: CellRow;
  ctx: CellContext;
  threads: ThreadPlacement<ReviewComment>[];
  current: boolean;
  /** Whether the reader marked the cell viewed; undefined when it cannot be marked. */
  viewed?: boolean;
}): JSX.Element {
  const { row, ctx, threads } = props;
  const { cell } = row;
  const { trans } = ctx;
  const node = React.useRef<HTMLElement>(null);
  const [visible, setVisible] = React.useState(false);
  const [picked, setPicked] = React.useState<{ start: number; end: number } | null>(null);
  const [composing, setComposing] = React.useState<'cell' | 'lines' | null>(null);
  const [markdownSource, setMarkdownSource] = React.useState(false);
  const [viewedError, setViewedError] = React.useState<string | null>(null);
  const [outputsOpen, setOutputsOpen] = React.useState(false);
  // A viewed cell folds to its header, as a viewed file does on GitHub.
  const folded = props.viewed === true;

  const body = React.useRef<HTMLDivElement>(null);
  // The body's height when it was taken down, so the box that replaces it keeps the scroll still.
  const [drawnHeight, setDrawnHeight] = React.useState<number | null>(null);
  // A cell the reader is working in (lines picked, a comment being written) keeps its editors.
  const busy = React.useRef(false);
  busy.current = picked !== null || composing !== null;

  React.useEffect(() => {
    if (!node.current) {
      return;
    }
    return ctx.lazy.observe(node.current, {
      near: () => setVisible(true),
      far: () => {
        if (busy.current || node.current?.contains(document.activeElement)) {
          return false;
        }
        setDrawnHeight(body.current?.offsetHeight ?? null);
        setVisible(false);
        return true;
      }
    });
  }, [ctx.lazy]);

  const base = side(ctx.baseNotebook, cell.baseIndex);
  const head = side(ctx.headNotebook, cell.headIndex);
  const cellId = cell.status === 'removed' ? cell.baseId : (cell.headId ?? cell.baseId);
  const commentRevision = cell.status === 'removed' ? ctx.revisions.base : ctx.revisions.head;
  const canComment =
    cellId !== undefined && commentRevision !== undefined && ctx.permission('comment').allowed;
  const step = stepLabel(cell);
  const threadLines = threads.flatMap(t =>
    t.anchor && t.anchor.side === 'head'
      ? Array.from({ length: t.anchor.end - t.anchor.start + 1 }, (_, i) => t.anchor!.start + i)
      : []
  );
  const outputsChanged = cell.outputs.some(o => o.op !== 'unchanged');
  const isMarkdown = cell.cellType === 'markdown';
  const lines = Math.max(
    base?.source.split('\n').length ?? 1,
    head?.source.split('\n').length ?? 1
  );

  // The height a cell is given while it is out of sight and was never drawn: its header and a
  // body about its editor's height (which scrolls past 40 lines).
  const estimate = 34 + (folded ? 0 : Math.min(lines, 40) * 17 + 8);

  const submit = (body: string) =>
    ctx.comment({
      cellId: cellId!,
      revision: commentRevision!,
      body,
      ...(composing === 'lines' && picked ? { lines: picked } : {})
    });

  return (
    <section
      ref={node}
      className={`jp-nbpromote-ReviewCell jp-mod-${cell.status}${props.current ? ' jp-mod-current' : ''}${folded ? ' jp-mod-viewed' : ''}`}
      data-cell-key={row.key}
      data-cell-id={cellId ?? ''}
      data-status={cell.status}
      style={{ containIntrinsicSize: `auto ${estimate}px` }}
    >
      <header className="jp-nbpromote-ReviewCell-header">
        <span className={`jp-nbpromote-Badge jp-nbpromote-Badge-${cell.status}`}>
          {cell.status === 'moved' && cell.edited
            ? trans.__('moved, edited')
            : trans.__(STATUS_LABEL[cell.status])}
        </span>
        {!row.changed && <span className="jp-nbpromote-muted">{trans.__('unchanged')}</span>}
        <span className="jp-nbpromote-ReviewCell-where">
          {cell.headIndex !== undefined
            ? trans.__('cell %1', String(cell.headIndex + 1))
            : trans.__('was cell %1', String((cell.baseIndex ?? 0) + 1))}
          {cell.cellType !== 'code' ? ` · ${cell.cellType}` : ''}
        </span>
        {step && <span className="jp-nbpromote-Badge jp-nbpromote-Badge-step">{step}</span>}
        {cell.tags?.added.map(t => (
          <span key={`+${t}`} className="jp-nbpromote-Badge jp-nbpromote-Badge-added">
            +{t}
          </span>
        ))}
        {cell.tags?.removed.map(t => (
          <span key={`-${t}`} className="jp-nbpromote-Badge jp-nbpromote-Badge-removed">
            -{t}
          </span>
        ))}
        <span className="jp-nbpromote-ReviewCell-tools">
          {isMarkdown && (
            <button
              type="button"
              className="jp-Button jp-mod-minimal jp-mod-styled"
              onClick={() => setMarkdownSource(!markdownSource)}
            >
              {markdownSource ? trans.__('Rendered') : trans.__('Source diff')}
            </button>
          )}
          {canComment && picked && (
            <button
              type="button"
              className="jp-Button jp-mod-styled jp-nbpromote-ReviewCell-commentLines"
              onClick={() => setComposing('lines')}
            >
              {trans.__('Comment on %1', linesLabel(picked.start, picked.end))}
            </button>
          )}
          {canComment && (
            <button
              type="button"
              className="jp-Button jp-mod-minimal jp-mod-styled jp-nbpromote-ReviewCell-comment"
              onClick={() => setComposing('cell')}
            >
              {trans.__('Comment')}
            </button>
          )}
          {cell.headId && (
            <button
              type="button"
              className="jp-Button jp-mod-minimal jp-mod-styled"
              onClick={() => ctx.showInNotebook(cell.headId!)}
            >
              {trans.__('Show in notebook')}
            </button>
          )}
          {props.viewed !== undefined && cell.headId && (
            <label className="jp-nbpromote-ReviewCell-viewed">
              <input
                type="checkbox"
                checked={props.viewed}
                onChange={e => {
                  setViewedError(null);
                  ctx
                    .setViewed(cell.headId!, e.target.checked)
                    .catch(reason =>
                      setViewedError(reason instanceof Error ? reason.message : String(reason))
                    );
                }}
              />
              {trans.__('Viewed')}
            </label>
          )}
        </span>
      </header>
      {viewedError && (
        <p className="jp-nbpromote-error" role="alert">
          {viewedError}
        </p>
      )}
      {/* Until it nears the viewport, a cell is a box about its editor's height (which scrolls
          past 70vh), so the scrollbar is right and nothing is built; far out of sight again, it
          is a box of the height it was drawn at. */}
      {folded ? null : !visible ? (
        <div
          className="jp-nbpromote-ReviewCell-placeholder"
          style={{ height: drawnHeight ?? Math.min(lines, 40) * 17 + 8 }}
        />
      ) : (
        <div className="jp-nbpromote-ReviewCell-body" ref={body}>
          {isMarkdown && !markdownSource ? (
            <div className="jp-nbpromote-ReviewSides">
              <div className="jp-nbpromote-ReviewSide">
                {base && <MarkdownSide source={base.source} rendermime={ctx.rendermime} />}
              </div>
              <div className="jp-nbpromote-ReviewSide">
                {head && <MarkdownSide source={head.source} rendermime={ctx.rendermime} />}
              </div>
            </div>
          ) : (
            <SourceDiffView
              base={base?.source ?? ''}
              head={head?.source ?? ''}
              layout={ctx.layout}
              language={isMarkdown ? null : ctx.language}
              threadLines={threadLines}
              lazy={ctx.lazy}
              onPick={setPicked}
            />
          )}
          {outputsChanged ? (
            <div className="jp-nbpromote-ReviewSides jp-nbpromote-ReviewSides-outputs">
              <div className="jp-nbpromote-ReviewSide" aria-label={trans.__('Base outputs')}>
                {/* No output area for a side without outputs (an added cell's base). */}
                {base && base.outputs.length > 0 && (
                  <OutputsSide outputs={base.outputs} rendermime={ctx.rendermime} />
                )}
              </div>
              <div className="jp-nbpromote-ReviewSide" aria-label={trans.__('Head outputs')}>
                {head && head.outputs.length > 0 && (
                  <OutputsSide outputs={head.outputs} rendermime={ctx.rendermime} />
                )}
              </div>
            </div>
          ) : (
            head &&
            head.outputs.length > 0 && (
              <UnchangedOutputs
                outputs={head.outputs}
                rendermime={ctx.rendermime}
                trans={trans}
                open={outputsOpen}
                onToggle={setOutputsOpen}
              />
            )
          )}
          {cell.metadata.length > 0 && (
            <ValueChanges
              title={trans.__('Metadata: %1 changed', String(cell.metadata.length))}
              changes={cell.metadata}
            />
          )}
          {cell.coarse.map(c => (
            <p key={c.reason} className="jp-nbpromote-muted">
              {c.message}
            </p>
          ))}
        </div>
      )}
      {/* Viewed folds the code, not the conversation: threads and a comment being written stay. */}
      {(threads.length > 0 || composing) && (
        <div className="jp-nbpromote-ReviewCell-threads">
          {threads.map(t => (
            <ThreadView
              key={t.thread.root.id}
              placement={t}
              actions={ctx.threadActions}
              canReply={ctx.permission('comment')}
              canResolve={ctx.permission('resolve_comment')}
              focused={ctx.focusedThread === t.thread.root.id}
              trans={trans}
            />
          ))}
          {composing && (
            <CommentForm
              label={
                composing === 'lines' && picked
                  ? trans.__('Comment on %1', linesLabel(picked.start, picked.end))
                  : trans.__('Comment on cell')
              }
              placeholder={trans.__('Write a comment')}
              onSubmit={submit}
              onCancel={() => setComposing(null)}
              trans={trans}
            />
          )}
        </div>
      )}
    </section>
  );
}

/** Unchanged outputs, folded; whether they are open is the cell's, so it outlives the body. */
function UnchangedOutputs(props: {
  outputs: unknown[];
  rendermime: IRenderMimeRegistry;
  trans: TranslationBundle;
  open: boolean;
  onToggle(open: boolean): void;
}): JSX.Element {
  const { open } = props;
  return (
    <details
      className="jp-nbpromote-ReviewCell-outputsUnchanged"
      open={open}
      onToggle={e => props.onToggle((e.target as HTMLDetailsElement).open)}
    >
      <summary>
        {props.trans._n('%1 output, unchanged', '%1 outputs, unchanged', props.outputs.length)}
      </summary>
      {open && <OutputsSide outputs={props.outputs} rendermime={props.rendermime} />}
    </details>
  );
}
