/** A revision's notebook as submitted and its committed bundle files. */
import { Type } from '@sinclair/typebox';
import type { Operation } from '../../edge/api/operationObject';
import { QUERY } from '../../edge/api/parameters';
import { anyObject } from '../../edge/schemas';

const closed = { additionalProperties: false } as const;

export const BODIES = {};

export const RESPONSES = {
  Notebook: anyObject('The nbformat 4 notebook as submitted.'),
  FileList: Type.Object({ files: Type.Array(Type.String()) }, closed),
  File: Type.Object({ path: Type.String(), content: Type.String() }, closed)
};

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
