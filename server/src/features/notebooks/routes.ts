import { Router } from 'express';
import { checkBundlePath } from '../../git';
import { parseBundlePath, parseId } from '../../edge/params';
import type { RevisionFiles } from './revisionFiles';

/** A revision's notebook as submitted and its bundle files, read from its commit. */
export function notebooksRouter(files: RevisionFiles): Router {
  const router = Router();

  router.get('/promotions/:id/notebook', async (req, res) => {
    const number =
      req.query.revision === undefined ? undefined : parseId(req.query.revision, 'revision');
    res.type('application/json').send(await files.notebook(parseId(req.params.id), number));
  });

  router.get('/promotions/:id/revisions/:number/files', async (req, res) => {
    const id = parseId(req.params.id);
    res.json({ files: await files.list(id, parseId(req.params.number, 'revision')) });
  });

  router.get('/promotions/:id/revisions/:number/files/*path', async (req, res) => {
    const raw = req.params.path as unknown;
    // The path is refused before the ids are looked at, whatever they are.
    const path = checkBundlePath(parseBundlePath(Array.isArray(raw) ? raw.join('/') : String(raw)));
    const id = parseId(req.params.id);
    res.json(await files.read(id, parseId(req.params.number, 'revision'), path));
  });

  return router;
}
