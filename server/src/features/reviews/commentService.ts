import {
  countLines,
  markOutdated,
  prepareComment,
  setResolved,
  type Actor,
  type CellLines,
  type Comment
} from '../../domain';
import { readNotebook } from '../../engine';
import { InputError, NotFoundError } from '../../errors';
import type { Stores } from '../../store';
import type { EventBus } from '../events/eventBus';
import { storeNotifications } from '../events/notify';
import type { Static } from '../../shapes';
import type { BODIES, RESPONSES } from './contract';

/** A comment as the API shows it. */
export type CommentView = Static<typeof RESPONSES.Comment>;

function view(c: Comment): CommentView {
  const v: CommentView = {
    id: Number(c.id),
    revision: c.revision,
    cellId: c.cellId,
    author: c.author,
    body: c.body,
    resolved: c.resolved,
    outdated: c.outdated,
    createdAt: c.createdAt
  };
  if (c.lines) {
    v.lineStart = c.lines.start;
    v.lineEnd = c.lines.end;
  }
  if (c.parentId !== undefined) v.parentId = Number(c.parentId);
  if (c.outdatedIn !== undefined) v.outdatedIn = c.outdatedIn;
  return v;
}

/** What a reviewer sends to comment. */
export type NewCommentInput = Static<typeof BODIES.CreateComment>;

/** Review comments anchored to (revision, cell, lines), threaded, resolvable, outdated. */
export class CommentService {
  constructor(
    private readonly _stores: Stores,
    private readonly _events: EventBus
  ) {}

  async list(requestId: number): Promise<{ items: CommentView[] }> {
    await this._stores.views.summary(requestId); // 404 for unknown requests
    const [comments, hashes] = await Promise.all([
      this._stores.comments.list(requestId),
      this._stores.views.cellHashes(requestId)
    ]);
    return { items: markOutdated(comments, hashes).map(view) };
  }

  async create(actor: Actor, requestId: number, input: NewCommentInput): Promise<CommentView> {
    if (input.lineEnd !== undefined && input.lineStart === undefined) {
      throw new InputError('lineEnd needs a lineStart.', { field: 'lineStart' });
    }
    // Committed revisions never change, so their cells are read outside the transaction.
    const cells =
      input.parentId === undefined ? await this._cells(requestId, input.revision) : undefined;
    const { comment, appended, notifications } = await this._stores.transaction(async tx => {
      const record = await tx.promotions.load(requestId);
      const existing = await tx.comments.list(requestId);
      const lines =
        input.lineStart !== undefined
          ? { start: input.lineStart, end: input.lineEnd ?? input.lineStart }
          : undefined;
      const prepared = prepareComment(
        record.request,
        existing,
        {
          revision: input.revision,
          cellId: input.cellId,
          body: input.body,
          ...(lines ? { lines } : {}),
          ...(input.parentId !== undefined ? { parentId: input.parentId } : {})
        },
        actor,
        new Date(),
        cells
      );
      const saved = await tx.comments.insert(requestId, prepared.comment);
      const event = {
        ...prepared.event,
        details: { ...prepared.event.details, commentId: saved.id }
      };
      const appended = await tx.audit.append([event]);
      const notifications = await storeNotifications(tx, record.request, [event], () => input.body);
      return { comment: saved, appended, notifications };
    });
    this._events.publish(appended);
    this._events.notify(notifications);
    const hashes = await this._stores.views.cellHashes(requestId);
    return view(markOutdated([comment], hashes)[0]);
  }

  /** Cell id -> line count of a revision; undefined when it does not exist (the domain says so). */
  private async _cells(requestId: number, revision: number): Promise<CellLines | undefined> {
    let text: string;
    try {
      text = (await this._stores.views.revision(requestId, revision)).notebook;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
    // The engine's reading gives older notebooks the same generated ids their hashes have.
    const { cells } = readNotebook(text, { maxBytes: Number.MAX_SAFE_INTEGER });
    return new Map(cells.map(c => [c.id, countLines(c.source)]));
  }

  async resolve(
    actor: Actor,
    requestId: number,
    commentId: number,
    resolved: boolean
  ): Promise<CommentView> {
    const { comment, appended } = await this._stores.transaction(async tx => {
      const record = await tx.promotions.load(requestId);
      const root = await tx.comments.get(requestId, commentId);
      const result = setResolved(record.request, root, resolved, actor, new Date());
      await tx.comments.setResolved(commentId, resolved);
      return { comment: result.comment, appended: await tx.audit.append([result.event]) };
    });
    this._events.publish(appended);
    const hashes = await this._stores.views.cellHashes(requestId);
    return view(markOutdated([comment], hashes)[0]);
  }
}
