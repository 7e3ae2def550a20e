import type { Extension } from '@codemirror/state';
import { Notification } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { CallerAction, ReviewComment } from '../client/types';
import { type CellContext, CellView } from './CellView';
import type { LazyMount } from './lazyMount';
import type { DiffLayout } from './mergeEditor';
import { stepChange } from './navigation';
import { summarizePipeline } from './pipelineSummary';
import { CellBoundary } from './CellBoundary';
import { CellLinks } from './CellLinks';
import { ReviewSummaries } from './ReviewConversation';
import { type ActionState, ReviewHeader } from './ReviewHeader';
import type { ReviewModel } from './reviewModel';
import { type CellRow, keyOfCellId } from './rows';
import { stepCellIds } from './stepCells';
import { markableId } from './viewed';
import { VERDICT_ACTION } from './permissions';
import { VerificationSection } from './VerificationSection';
import type { VerificationModel } from './verificationModel';
import { nextUnresolved, type ThreadPlacement, threadsByCell, unresolvedCount } from './threads';

export interface ReviewViewProps {
  model: ReviewModel;
  /** The Verification section's model; the section is left out without one. */
  verification?: VerificationModel;
  rendermime: IRenderMimeRegistry;
  language: Extension | null;
  layout: DiffLayout;
  lazy: LazyMount;
  trans: TranslationBundle;
  permission(action: CallerAction): ActionState;
  onLayout(layout: DiffLayout): void;
  showInNotebook(cellId: string): void;
}

/** Rows are put in the page a batch per frame, so the first screen paints at once. */
const FIRST_BATCH = 30;
const BATCH = 60;

const NO_THREADS: ThreadPlacement<ReviewComment>[] = [];

export const PAINT_MARK = 'nbpromote:review-first-paint';
export const LAID_OUT_MARK = 'nbpromote:review-laid-out';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === 'TEXTAREA' ||
      el.tagName === 'INPUT' ||
      el.tagName === 'SELECT' ||
      el.isContentEditable ||
      !!el.closest?.('.cm-editor'))
  );
}

/** The whole panel: header, pipeline changes, then the cells with their threads. */
export function ReviewView(props: ReviewViewProps): JSX.Element {
  const { model, trans } = props;
  const root = React.useRef<HTMLDivElement>(null);
  const [current, setCurrent] = React.useState<string | null>(null);
  const [focusedThread, setFocusedThread] = React.useState<number | null>(null);
  const [scrollTo, setScrollTo] = React.useState<string | null>(null);
  const [limit, setLimit] = React.useState(FIRST_BATCH);
  const rows = model.rows;
  const diff = model.diff;

  // Batches, then the marks a benchmark reads (once per panel).
  const marked = React.useRef({ paint: false, laidOut: false });
  React.useEffect(() => {
    if (!diff) {
      return;
    }
    if (!marked.current.paint) {
      marked.current.paint = true;
      performance.mark(PAINT_MARK);
    }
    if (limit < rows.length) {
      const frame = requestAnimationFrame(() => setLimit(l => l + BATCH));
      return () => cancelAnimationFrame(frame);
    }
    if (!marked.current.laidOut) {
      marked.current.laidOut = true;
      performance.mark(LAID_OUT_MARK);
    }
  }, [diff, limit, rows.length]);

  React.useEffect(() => {
    if (!scrollTo || !root.current) {
      return;
    }
    const target = root.current.querySelector(`[data-cell-key="${CSS.escape(scrollTo)}"]`);
    if (target) {
      target.scrollIntoView({ block: 'start' });
      setScrollTo(null);
    } else if (limit < rows.length) {
      setLimit(rows.length);
    }
  }, [scrollTo, rows, limit]);

  // Stable between row batches, so cells already in the page are not rendered again.
  const byCell = React.useMemo(() => threadsByCell(model.threads), [model.threads]);
  const revisions = diff
    ? { base: diff.base.revision, head: diff.head.revision ?? model.pair?.head ?? 1 }
    : { head: 1 };
  const ctx = React.useMemo<CellContext>(
    () => ({
      rendermime: props.rendermime,
      language: props.language,
      layout: props.layout,
      lazy: props.lazy,
      trans,
      baseNotebook: model.baseNotebook,
      headNotebook: model.headNotebook,
      revisions,
      focusedThread,
      permission: props.permission,
      showInNotebook: props.showInNotebook,
      comment: input => model.comment(input),
      setViewed: (cellId, viewed) => model.setViewed(cellId, viewed),
      threadActions: {
        reply: (root, body) => model.reply(root, body),
        resolve: (root, resolved) => model.resolve(root, resolved)
      }
    }),
    [
      props.rendermime,
      props.language,
      props.layout,
      props.lazy,
      props.permission,
      props.showInNotebook,
      model.baseNotebook,
      model.headNotebook,
      revisions.base,
      revisions.head,
      focusedThread
    ]
  );

  if (model.error && !diff) {
    return (
      <div className="jp-nbpromote-Review" ref={root}>
        <p className="jp-nbpromote-error" role="alert">
          {model.error}
        </p>
      </div>
    );
  }
  if (!diff || !model.detail || !model.pair) {
    return (
      <div className="jp-nbpromote-Review" ref={root}>
        <p className="jp-nbpromote-muted">{trans.__('Loading the review…')}</p>
      </div>
    );
  }

  const goTo = (key: string) => {
    model.reveal(key);
    setCurrent(key);
    setScrollTo(key);
  };
  const goToCellId = (cellId: string) => {
    const key = keyOfCellId(diff.notebook, cellId);
    if (key) {
      goTo(key);
    }
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === 'n' || event.key === 'p') {
      const next = stepChange(rows, current, event.key === 'n' ? 1 : -1);
      if (next) {
        goTo(next);
      }
      event.preventDefault();
    }
  };

  const placements = model.threads;
  const viewed = model.viewed;
  const cellOrder = rows.flatMap(r => (r.kind === 'cell' ? [r.key] : r.cells.map(c => c.key)));
  const summary = summarizePipeline(diff.pipeline);
  const detached = byCell.get(null) ?? [];

  return (
    <div
      className="jp-nbpromote-Review"
      ref={root}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-busy={model.loading}
    >
      <ReviewHeader
        detail={model.detail}
        diff={diff}
        pair={model.pair}
        lastReviewed={model.lastReviewed}
        unresolved={unresolvedCount(placements)}
        viewedProgress={model.viewedProgress}
        layout={props.layout}
        actionState={verdict => props.permission(VERDICT_ACTION[verdict])}
        onPair={pair => void model.setPair(pair)}
        onLayout={props.onLayout}
        onNextThread={() => {
          const next = nextUnresolved(placements, cellOrder, focusedThread);
          if (next) {
            setFocusedThread(next.thread.root.id);
            if (next.cellKey) {
              goTo(next.cellKey);
            }
          }
        }}
        onReview={(verdict, body) => model.review(verdict, body)}
        promotable={props.permission('promote').allowed}
        onPromote={async () => {
          const done = await model.promote();
          Notification.success(
            trans.__(
              'Request #%1 promoted: version %2 is in %3.',
              String(done.id),
              done.version,
              done.environment
            ),
            { autoClose: 8000 }
          );
        }}
        trans={trans}
      />
      {props.verification && model.detail && (
        <VerificationSection
          model={props.verification}
          me={model.me}
          author={model.detail.author}
          required={(model.detail.rules?.results ?? []).some(r => r.type === 'reproduces')}
          steps={{
            // Only a run of the revision shown has its cells here.
            cellsOf: (step, revision) =>
              revision === revisions.head ? stepCellIds(diff.notebook, step) : [],
            goTo: goToCellId
          }}
          trans={trans}
        />
      )}
      <ReviewSummaries detail={model.detail} trans={trans} />
      {model.newRevision !== null && (
        <div className="jp-nbpromote-ReviewBanner" role="status">
          <span>{trans.__('Revision %1 was submitted.', String(model.newRevision))}</span>
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-accept"
            onClick={() => void model.showLatest()}
          >
            {trans.__('Show revision %1', String(model.newRevision))}
          </button>
        </div>
      )}
      {model.error && (
        <p className="jp-nbpromote-error" role="alert">
          {model.error}
        </p>
      )}
      <section className="jp-nbpromote-ReviewPipeline" aria-label={trans.__('Pipeline changes')}>
        <h3>{trans.__('Pipeline')}</h3>
        {summary.length === 0 ? (
          <p className="jp-nbpromote-muted">
            {diff.pipeline.outputsOnly
              ? trans.__('No pipeline change: only outputs or execution counts differ.')
              : trans.__('No pipeline change.')}
          </p>
        ) : (
          <ul>
            {summary.map((item, i) => (
              <li key={i} className={`jp-nbpromote-ReviewPipeline-${item.op}`}>
                <span>{item.text}</span>
                <CellLinks cellIds={item.cellIds} onGo={goToCellId} trans={trans} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {detached.length > 0 && (
        <section className="jp-nbpromote-ReviewDetached">
          <h3>{trans.__('Threads on cells not in this comparison')}</h3>
          {detached.map(p => (
            <p key={p.thread.root.id} className="jp-nbpromote-muted">
              {trans.__(
                'Revision %1, cell %2: %3',
                String(p.thread.root.revision),
                p.thread.root.cellId,
                p.thread.root.body
              )}
            </p>
          ))}
        </section>
      )}
      <section className="jp-nbpromote-ReviewCells" aria-label={trans.__('Cells')}>
        {diff.notebook.identical && (
          <p className="jp-nbpromote-muted">
            {model.detail.state === 'promoted' && model.pair.base === 'production'
              ? trans.__(
                  '%1 runs this revision now: pick an earlier revision to compare.',
                  model.detail.environment
                )
              : trans.__('The notebooks are identical.')}
          </p>
        )}
        {rows.slice(0, limit).map(row =>
          row.kind === 'fold' ? (
            <button
              key={row.key}
              type="button"
              className="jp-nbpromote-ReviewFold"
              data-fold-key={row.key}
              onClick={() => model.toggleFold(row.key)}
            >
              {trans._n('%1 unchanged cell', '%1 unchanged cells', row.cells.length)}
            </button>
          ) : (
            <CellBoundary key={row.key} message={trans.__('This cell could not be shown:')}>
              <CellView
                row={row}
                ctx={ctx}
                threads={byCell.get(row.key) ?? NO_THREADS}
                current={row.key === current}
                viewed={viewedOf(row, viewed)}
              />
            </CellBoundary>
          )
        )}
      </section>
    </div>
  );
}

/** The row's checkbox state: undefined (no checkbox) for a removed cell or without marks. */
function viewedOf(row: CellRow, viewed: ReadonlySet<string> | null): boolean | undefined {
  const id = markableId(row.cell);
  return id === null || viewed === null ? undefined : viewed.has(id);
}
