import { nullTranslator } from '@jupyterlab/translation';
import type { PromotionEvent, PromotionSummary } from '../client/types';
import { newsNotice } from '../requests/news';

const trans = nullTranslator.load('nbpromote');
const request = { id: 12, title: 'Churn', state: 'open' } as PromotionSummary;
const event = (e: Partial<PromotionEvent>): PromotionEvent => ({
  requestId: 12,
  action: 'approve',
  actor: 'linus',
  at: 'x',
  ...e
});

describe('newsNotice', () => {
  it('says changes were requested, with a Review button', () => {
    const notice = newsNotice(
      {
        kind: 'review',
        request,
        event: event({ action: 'request_changes', toState: 'changes_requested' })
      },
      trans
    );
    expect(notice).toEqual({
      message: 'Changes requested on #12 (Churn) by linus.',
      type: 'warning',
      review: true
    });
  });

  it('tells an approval that approves from one that adds to it, and comments', () => {
    const approves = event({ fromState: 'open', toState: 'approved' });
    expect(newsNotice({ kind: 'review', request, event: approves }, trans).message).toBe(
      '#12 (Churn) approved by linus.'
    );
    const adds = event({ fromState: 'approved', toState: 'approved' });
    expect(newsNotice({ kind: 'review', request, event: adds }, trans).message).toBe(
      'linus approved #12 (Churn).'
    );
    const comment = newsNotice(
      { kind: 'review', request, event: event({ action: 'review_comment' }) },
      trans
    );
    expect(comment).toMatchObject({ type: 'info', review: true });
    expect(comment.message).toBe('linus reviewed #12 (Churn) with comments.');
  });

  it('reports other state changes without a Review button', () => {
    const notice = newsNotice(
      { kind: 'state', request, event: event({ action: 'reject', toState: 'rejected' }) },
      trans
    );
    expect(notice).toEqual({
      message: 'Request #12 (Churn) is now rejected, by linus.',
      type: 'warning',
      review: false
    });
  });
});
