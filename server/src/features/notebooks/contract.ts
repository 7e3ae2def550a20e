/** A revision's notebook as submitted and its committed bundle files. */
import type { Operation } from '../../edge/api/operationObject';
import { QUERY } from '../../edge/api/parameters';

export const BODIES = {};

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/promotions/{id}/notebook',
    summary: "The latest revision's notebook as submitted",
    ok: [200, 'Notebook'],
    query: { revision: QUERY.id('a revision number instead of the latest') },
    errors: []
  },
  {
    method: 'get',
    path: '/promotions/{id}/revisions/{number}/files',
    summary: "Paths of a revision's bundle files, relative to <project>/<algorithm>/",
    ok: [200, 'FileList'],
    errors: []
  },
  {
    method: 'get',
    path: '/promotions/{id}/revisions/{number}/files/{path}',
    summary: 'One bundle file (path may contain "/")',
    ok: [200, 'File'],
    errors: []
  }
];
