/** A request's revisions as submitted: the notebook and the committed bundle's files. */
import { checkBundlePath, type ArtifactRepository } from '../../git';
import type { Stores } from '../../store';

export class RevisionFiles {
  constructor(
    private readonly _stores: Stores,
    private readonly _repo: ArtifactRepository
  ) {}

  /** The notebook of a revision (the latest when none is named), as JSON text as stored. */
  async notebook(id: number, revision?: number): Promise<string> {
    return (await this._stores.views.revision(id, revision)).notebook;
  }

  /** Paths of a revision's bundle files, relative to `<project>/<algorithm>/`. */
  async list(id: number, revision: number): Promise<string[]> {
    const { commit, prefix } = await this._locate(id, revision);
    return (await this._repo.listFiles(commit, prefix)).map(p => p.slice(prefix.length + 1));
  }

  /** One bundle file; `path` is relative to the bundle and checked before git sees it. */
  async read(
    id: number,
    revision: number,
    path: string
  ): Promise<{ path: string; content: string }> {
    const rel = checkBundlePath(path);
    const { commit, prefix } = await this._locate(id, revision);
    const content = await this._repo.readFile(commit, `${prefix}/${rel}`);
    return { path: rel, content: content.toString('utf8') };
  }

  private async _locate(id: number, number: number) {
    const detail = await this._stores.views.summary(id);
    const revision = await this._stores.views.revision(id, number);
    return { commit: revision.commitSha, prefix: `${detail.project}/${detail.algorithm}` };
  }
}
