import type { TranslationBundle } from '@jupyterlab/translation';
import type { Notification } from '../client/types';
import type { NewsNotice } from './news';

/**
 * How one of my notifications reads, in the inbox and in JupyterLab's notification centre:
 * what happened, on which request, by whom, with the words that came with it.
 */
export function notificationNotice(n: Notification, trans: TranslationBundle): NewsNotice {
  const id = String(n.requestId);
  const said = n.excerpt ? ` “${n.excerpt}”` : '';
  switch (n.kind) {
    case 'changes_requested':
      return {
        message: trans.__('Changes requested on #%1 (%2) by %3.', id, n.title, n.actor) + said,
        type: 'warning',
        review: true
      };
    case 'approved':
      return {
        message: trans.__('#%1 (%2) approved by %3.', id, n.title, n.actor) + said,
        type: 'success',
        review: true
      };
    case 'promoted':
      return {
        message: trans.__('Request #%1 (%2) is now promoted, by %3.', id, n.title, n.actor),
        type: 'success',
        review: false
      };
    case 'rejected':
      return {
        message: trans.__('Request #%1 (%2) was rejected by %3.', id, n.title, n.actor) + said,
        type: 'warning',
        review: false
      };
    default:
      return {
        message: trans.__('%3 mentioned you on #%1 (%2).', id, n.title, n.actor) + said,
        type: 'info',
        review: true
      };
  }
}
