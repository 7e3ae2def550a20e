import {
  availableActions,
  countApprovals,
  openRequest,
  refusedEvent,
  stateInWords,
  transition,
  type RequestAction,
  type RequestState
} from '../../src/domain';
import { ConflictError, InputError, NotAllowedError } from '../../src/errors';
import { admin, author, NOW, passed, request, reviewer, reviewer2, stranger } from './fixtures';

const approve: RequestAction = { type: 'review', verdict: 'approve' };
const requestChanges: RequestAction = { type: 'review', verdict: 'request_changes' };
const comment: RequestAction = { type: 'review', verdict: 'comment', body: 'looks fine' };
const revise: RequestAction = {
  type: 'revise',
  notebookSha256: 'b'.repeat(64),
  commitSha: 'd'.repeat(40),
  validation: passed
};
const promote: RequestAction = { type: 'promote', version: '1.0.0' };
const reject: RequestAction = { type: 'reject', reason: 'not needed' };
const withdraw: RequestAction = { type: 'withdraw' };

/** Every (state, action, actor) and where it leads; anything missing is a ConflictError. */
const LEGAL: [RequestState, string, RequestState, RequestAction, typeof author][] = [
  ['open', 'approve', 'approved', approve, reviewer],
  ['open', 'request changes', 'changes_requested', requestChanges, reviewer],
  ['open', 'comment', 'open', comment, stranger],
  ['open', 'revise', 'open', revise, author],
  ['open', 'reject', 'rejected', reject, reviewer],
  ['open', 'withdraw', 'withdrawn', withdraw, author],
  ['changes_requested', 'revise', 'open', revise, author],
  ['changes_requested', 'request changes', 'changes_requested', requestChanges, reviewer2],
  ['changes_requested', 'comment', 'changes_requested', comment, reviewer],
  ['changes_requested', 'reject', 'rejected', reject, admin],
  ['changes_requested', 'withdraw', 'withdrawn', withdraw, admin],
  ['approved', 'promote', 'promoted', promote, author],
  ['approved', 'approve', 'approved', approve, reviewer2],
  ['approved', 'revise', 'open', revise, author],
  ['approved', 'comment', 'approved', comment, reviewer],
  ['approved', 'reject', 'rejected', reject, reviewer],
  ['approved', 'withdraw', 'withdrawn', withdraw, author]
];

const ACTIONS: [string, RequestAction, typeof author][] = [
  ['approve', approve, reviewer],
  ['request changes', requestChanges, reviewer],
  ['comment', comment, reviewer],
  ['revise', revise, author],
  ['promote', promote, admin],
  ['reject', reject, admin],
  ['withdraw', withdraw, author]
];
const STATES: RequestState[] = [
  'open',
  'changes_requested',
  'approved',
  'promoted',
  'rejected',
  'withdrawn'
];

describe('transition', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, _name, to, action, actor) => {
    const { request: next, events } = transition(request(from), action, actor, NOW);
    expect(next.state).toBe(to);
    expect(next.updatedAt).toBe(NOW);
    expect(events).toEqual([
      expect.objectContaining({
        requestId: 1,
        actor: actor.id,
        at: NOW,
        fromState: from,
        toState: to,
        outcome: 'applied'
      })
    ]);
  });

  const illegal = STATES.flatMap(state =>
    ACTIONS.filter(([name]) => !LEGAL.some(([s, n]) => s === state && n === name)).map(
      ([name, action, actor]) => [state, name, action, actor] as const
    )
  );
  it.each(illegal)('refuses %s --%s-- with the current state', (state, _name, action, actor) => {
    const attempt = () => transition(request(state), action, actor, NOW);
    expect(attempt).toThrow(ConflictError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConflictError).details).toMatchObject({ state });
      expect((error as Error).message).toContain(stateInWords(state));
      expect((error as Error).message).not.toContain('_');
    }
  });

  it('does not mutate its input', () => {
    const before = request('open');
    const copy = JSON.parse(JSON.stringify(before));
    transition(before, approve, reviewer, NOW);
    expect(before).toEqual(copy);
  });

  it('refuses self-approval and self-requested changes, even for admins', () => {
    const mine = request('open', { author: admin.id });
    expect(() => transition(mine, approve, admin, NOW)).toThrow(NotAllowedError);
    expect(() => transition(mine, requestChanges, admin, NOW)).toThrow(NotAllowedError);
    expect(() =>
      transition(request('open'), approve, { ...author, role: 'reviewer' }, NOW)
    ).toThrow(NotAllowedError);
  });

  it('enforces roles', () => {
    expect(() => transition(request('open'), approve, stranger, NOW)).toThrow(NotAllowedError);
    expect(() => transition(request('open'), reject, stranger, NOW)).toThrow(NotAllowedError);
    expect(() => transition(request('open'), withdraw, reviewer, NOW)).toThrow(NotAllowedError);
    expect(() => transition(request('open'), revise, reviewer, NOW)).toThrow(NotAllowedError);
    expect(() => transition(request('approved'), promote, stranger, NOW)).toThrow(NotAllowedError);
    expect(transition(request('open'), withdraw, admin, NOW).request.state).toBe('withdrawn');
    expect(transition(request('approved'), promote, reviewer, NOW).request.version).toBe('1.0.0');
  });

  it('needs the configured number of distinct approvals', () => {
    const policy = { approvalsRequired: 2 };
    const once = transition(request('open'), approve, reviewer, NOW, policy).request;
    expect(once.state).toBe('open');
    const again = transition(once, approve, reviewer, NOW, policy).request;
    expect(again.state).toBe('open'); // the same reviewer twice counts once
    const twice = transition(again, approve, reviewer2, NOW, policy).request;
    expect(twice.state).toBe('approved');
    expect(countApprovals(twice.reviews)).toBe(2);
    expect(() =>
      transition(request('open'), approve, reviewer, NOW, { approvalsRequired: -1 })
    ).toThrow(InputError);
  });

  it('promotes an open request without approval only when none is required', () => {
    const none = { approvalsRequired: 0 };
    const promoted = transition(request('open'), promote, author, NOW, none);
    expect(promoted.request.state).toBe('promoted');
    expect(promoted.events[0]).toMatchObject({ fromState: 'open', toState: 'promoted' });
    expect(() => transition(request('open'), promote, author, NOW)).toThrow(
      expect.objectContaining({ code: 'conflict' })
    );
    // A standing request for changes still stops it, and approvals still approve.
    expect(() => transition(request('changes_requested'), promote, author, NOW, none)).toThrow(
      expect.objectContaining({ code: 'conflict' })
    );
    expect(transition(request('open'), approve, reviewer, NOW, none).request.state).toBe(
      'approved'
    );
  });

  it('a new revision dismisses earlier approvals and reopens the request', () => {
    const approved = transition(request('open'), approve, reviewer, NOW).request;
    const { request: revised, events } = transition(
      approved,
      revise,
      author,
      '2025-01-03T00:00:00.000Z'
    );
    expect(revised.state).toBe('open');
    expect(revised.revisions.map(r => r.number)).toEqual([1, 2]);
    expect(revised.reviews[0]).toMatchObject({ verdict: 'approve', dismissed: true });
    expect(countApprovals(revised.reviews)).toBe(0);
    expect(events[0].details).toMatchObject({ revision: 2, dismissedApprovals: 1 });
    // Approving again counts on the new revision.
    const reapproved = transition(revised, { ...approve, revision: 2 }, reviewer, NOW).request;
    expect(reapproved.state).toBe('approved');
    expect(reapproved.reviews[1].revision).toBe(2);
  });

  it('keeps approvals across revisions when the policy says so', () => {
    const policy = { dismissApprovalsOnRevision: false };
    const approved = transition(request('open'), approve, reviewer, NOW, policy).request;
    const revised = transition(approved, revise, author, NOW, policy).request;
    expect(revised.state).toBe('approved');
    expect(countApprovals(revised.reviews)).toBe(1);
  });

  it('a later request for changes withdraws that reviewer’s approval', () => {
    const policy = { approvalsRequired: 2 };
    let r = transition(request('open'), approve, reviewer, NOW, policy).request;
    r = transition(r, requestChanges, reviewer, NOW, policy).request;
    r = transition(r, revise, author, NOW, policy).request;
    r = transition(r, approve, reviewer2, NOW, policy).request;
    expect(r.state).toBe('open');
    expect(countApprovals(r.reviews)).toBe(1);
  });

  it('refuses a review of an outdated revision', () => {
    const revised = transition(request('open'), revise, author, NOW).request;
    expect(() => transition(revised, { ...approve, revision: 1 }, reviewer, NOW)).toThrow(
      expect.objectContaining({ code: 'stale_revision' })
    );
  });

  it('validates the promoted version', () => {
    expect(() =>
      transition(request('approved'), { type: 'promote', version: 'v1' }, admin, NOW)
    ).toThrow(InputError);
  });

  it('builds a refused audit event for the store to record', () => {
    const r = request('promoted');
    let error: unknown;
    try {
      transition(r, withdraw, author, NOW);
    } catch (e) {
      error = e;
    }
    expect(refusedEvent(r, withdraw, author, new Date(NOW), error)).toEqual({
      requestId: 1,
      actor: 'ann',
      action: 'withdraw',
      at: NOW,
      fromState: 'promoted',
      toState: 'promoted',
      outcome: 'refused',
      details: { code: 'conflict', message: expect.stringContaining('promoted') }
    });
    expect(refusedEvent(r, withdraw, author, NOW, new Error('boom')).details).toEqual({
      code: 'internal',
      message: 'unexpected error'
    });
  });

  it('lists the actions an actor may take now', () => {
    expect(availableActions(request('open'), author)).toEqual([
      'review_comment',
      'comment',
      'revise',
      'withdraw'
    ]);
    expect(availableActions(request('approved'), reviewer)).toEqual([
      'approve',
      'review_comment',
      'comment',
      'promote',
      'reject'
    ]);
    expect(availableActions(request('rejected'), admin)).toEqual([]);
  });
});

describe('openRequest', () => {
  it('opens a request with revision 1 and a create event', () => {
    const { request: r, events } = openRequest(
      {
        id: 9,
        title: ' Churn ',
        notebookPath: 'n.ipynb',
        project: 'churn',
        algorithm: 'xgb',
        environment: 'dev',
        firstRevision: {
          notebookSha256: 'a'.repeat(64),
          commitSha: 'c'.repeat(40),
          validation: passed
        }
      },
      author,
      NOW
    );
    expect(r).toMatchObject({
      id: 9,
      title: 'Churn',
      state: 'open',
      author: 'ann',
      version: null,
      environment: 'dev'
    });
    expect(r.revisions).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'create', fromState: null, toState: 'open' });
  });

  it('refuses bad names and environments', () => {
    const base = {
      id: 1,
      title: 't',
      notebookPath: 'n.ipynb',
      project: 'churn',
      algorithm: 'xgb',
      environment: 'dev',
      firstRevision: { notebookSha256: '', commitSha: '', validation: passed }
    };
    expect(() => openRequest({ ...base, project: '../x' }, author, NOW)).toThrow(InputError);
    expect(() => openRequest({ ...base, environment: 'qa' }, author, NOW)).toThrow(InputError);
    expect(() => openRequest({ ...base, title: ' ' }, author, NOW)).toThrow(InputError);
  });
});
