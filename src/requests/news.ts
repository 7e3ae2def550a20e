import type { TranslationBundle } from '@jupyterlab/translation';
import { stateLabel } from '../format';
import type { RequestNews } from './requestsModel';

/** How a piece of news reads in a notification, and whether it offers to open the review. */
export interface NewsNotice {
  message: string;
  type: 'success' | 'warning' | 'info';
  /** True for reviews: the notification gets a Review button. */
  review: boolean;
}

export function newsNotice(news: RequestNews, trans: TranslationBundle): NewsNotice {
  const { request, event } = news;
  const id = String(request.id);
  if (news.kind === 'review') {
    switch (event.action) {
      case 'request_changes':
        return {
          message: trans.__('Changes requested on #%1 (%2) by %3.', id, request.title, event.actor),
          type: 'warning',
          review: true
        };
      case 'approve':
        return {
          message:
            event.toState === 'approved' && event.fromState !== 'approved'
              ? trans.__('#%1 (%2) approved by %3.', id, request.title, event.actor)
              : trans.__('%3 approved #%1 (%2).', id, request.title, event.actor),
          type: 'success',
          review: true
        };
      default:
        return {
          message: trans.__('%3 reviewed #%1 (%2) with comments.', id, request.title, event.actor),
          type: 'info',
          review: true
        };
    }
  }
  return {
    message: trans.__(
      'Request #%1 (%2) is now %3, by %4.',
      id,
      request.title,
      stateLabel(event.toState ?? request.state),
      event.actor
    ),
    type: event.toState === 'rejected' ? 'warning' : 'success',
    review: false
  };
}
