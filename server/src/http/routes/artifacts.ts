import { Router } from 'express';
import { checkBundlePath } from '../../git';
import type { Services } from '../../services';
import { parseBundlePath, parseId } from '../params';

/** A revision's bundle files, read from its commit in the artifact repository. */
export function artifactsRouter(services: Services): Router {
  const router = Router();
  const { stores, repo } = services;

  async function locate(rawId: string, rawNumber: string) {
    const id = parseId(rawId);
    const number = parseId(rawNumber, 'revision');
    const detail = await stores.views.summary(id);
    const revision = await stores.views.revision(id, number);
    return { commit: revision.commitSha, prefix: `${detail.project}/${detail.algorithm}` };
  }

  router.get('/promotions/:id/revisions/:number/files', async (req, res) => {
    const { commit, prefix } = await locate(req.params.id, req.params.number);
    const files = (await repo.listFiles(commit, prefix)).map(p => p.slice(prefix.length + 1));
    res.json({ files });
  });

  router.get('/promotions/:id/revisions/:number/files/*path', async (req, res) => {
    const raw = req.params.path as unknown;
    const rel = checkBundlePath(parseBundlePath(Array.isArray(raw) ? raw.join('/') : String(raw)));
    const { commit, prefix } = await locate(req.params.id, req.params.number);
    const content = await repo.readFile(commit, `${prefix}/${rel}`);
    res.json({ path: rel, content: content.toString('utf8') });
  });

  return router;
}
