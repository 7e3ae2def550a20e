/**
 * `GET /promotions/:id/diff`: a request's revision against another revision, against what is
 * in production in its environment, or against the revision the caller last reviewed.
 * Revisions never change, so answers are kept by the pair of notebook hashes (and commits),
 * as JSON text, within a total size.
 */
import {
  diffNotebooks,
  diffPipelines,
  emptyNotebook,
  parseNotebook,
  type DiffOptions,
  type PipelineSide,
  type ReviewDiff
} from '../../diff';
import type { PipelineDiff } from '../../diff/types';
import type { PromotionRequest } from '../../domain';
import type { Manifest } from '../../engine';
import { InputError, NotFoundError } from '../../errors';
import type { ArtifactRepository } from '../../git';
import type { Stores } from '../../store';
import { RecentMap } from '../../runtime/recentMap';

export type BaseSelector = number | 'production' | 'last-reviewed';

interface Resolved {
  label: string;
  revision?: number;
  notebookSha256: string;
  notebook: string;
  commitSha: string;
  prefix: string;
}

/** Least-recently-used answers (JSON text), capped by their total length. */
class AnswerCache {
  private readonly _map = new Map<string, string>();
  private _chars = 0;
  constructor(private readonly _maxChars: number) {}
  get(key: string): string | undefined {
    const v = this._map.get(key);
    if (v !== undefined) {
      this._map.delete(key);
      this._map.set(key, v);
    }
    return v;
  }
  set(key: string, v: string): void {
    if (v.length > this._maxChars / 4) {
      return; // one huge answer would push out everything else
    }
    this._chars -= this._map.get(key)?.length ?? 0;
    this._map.delete(key);
    this._map.set(key, v);
    this._chars += v.length;
    for (const [k, old] of this._map) {
      if (this._chars <= this._maxChars) {
        break;
      }
      this._map.delete(k);
      this._chars -= old.length;
    }
  }
}

/** Parses `base`: a revision number, `production` or `last-reviewed` (default production). */
export function parseBase(raw: unknown): BaseSelector {
  if (raw === undefined || raw === 'production') {
    return 'production';
  }
  if (raw === 'last-reviewed') {
    return 'last-reviewed';
  }
  // Revision numbers are PostgreSQL integers: at most 2147483647, as the document says.
  if (typeof raw === 'string' && /^[1-9][0-9]{0,9}$/.test(raw) && Number(raw) <= 2_147_483_647) {
    return Number(raw);
  }
  throw new InputError(
    `base must be a revision number, "production" or "last-reviewed", not ${JSON.stringify(raw)}.`,
    { field: 'base' }
  );
}

export class DiffService {
  private readonly _answers = new AnswerCache(64 * 1024 * 1024);
  private readonly _pipelines = new RecentMap<PipelineDiff>(64);

  constructor(
    private readonly _stores: Stores,
    private readonly _repo: ArtifactRepository
  ) {}

  /** The ReviewDiff as JSON text (kept, so a second reader pays nothing). */
  async diff(
    viewer: string,
    id: number,
    query: { base: BaseSelector; head?: number; options: DiffOptions }
  ): Promise<string> {
    const { request } = await this._stores.promotions.load(id);
    const prefix = `${request.project}/${request.algorithm}`;
    const revision = async (n: number | undefined, label: (k: number) => string) => {
      const r = await this._stores.views.revision(id, n);
      const meta = request.revisions.find(x => x.number === r.number);
      return {
        label: label(r.number),
        revision: r.number,
        notebookSha256: meta?.notebookSha256 ?? '',
        notebook: r.notebook,
        commitSha: r.commitSha,
        prefix
      } satisfies Resolved;
    };
    const head = await revision(query.head, k => `revision ${k}`);
    let base: Resolved | null;
    if (query.base === 'production') {
      base = await this._production(request);
    } else if (query.base === 'last-reviewed') {
      const mine = request.reviews.filter(r => r.reviewer === viewer);
      if (mine.length === 0) {
        throw new NotFoundError(`You have not reviewed promotion request ${id} yet.`, {
          id,
          base: 'last-reviewed'
        });
      }
      const last = Math.max(...mine.map(r => r.revision));
      base = await revision(last, k => `revision ${k} (last reviewed)`);
    } else {
      base = await revision(query.base, k => `revision ${k}`);
    }
    const options = query.options;
    const baseOut: ReviewDiff['base'] = base
      ? {
          label: base.label,
          notebookSha256: base.notebookSha256,
          ...(base.revision !== undefined ? { revision: base.revision } : {})
        }
      : { label: `production (${request.environment}: nothing promoted)`, notebookSha256: null };
    const headOut: ReviewDiff['head'] = {
      label: head.label,
      notebookSha256: head.notebookSha256,
      revision: head.revision
    };
    // Revisions never change: the notebook hashes and bundle commits fix the answer.
    const key = JSON.stringify([
      baseOut,
      headOut,
      base?.commitSha ?? null,
      head.commitSha,
      options
    ]);
    const cached = this._answers.get(key);
    if (cached !== undefined) {
      return cached;
    }
    const a = base ? parseNotebook(base.notebook, 'base') : emptyNotebook();
    const b = parseNotebook(head.notebook, 'head');
    const notebook = diffNotebooks(a, b, options);
    const [sa, sb] = await Promise.all([base ? this._side(base, a) : null, this._side(head, b)]);
    const pipeline = diffPipelines(sa, sb, notebook);
    const answer: ReviewDiff = { base: baseOut, head: headOut, pipeline, notebook };
    const json = JSON.stringify(answer);
    this._answers.set(key, json);
    return json;
  }

  /**
   * The pipeline diff of a request's latest revision against what is promoted in its
   * environment (outputs ignored), or null when nothing is promoted there. Kept by the pair
   * of commits, which never change.
   */
  async pipelineAgainstProduction(
    id: number,
    request: PromotionRequest
  ): Promise<PipelineDiff | null> {
    const base = await this._production(request);
    if (base === null) return null;
    const r = await this._stores.views.revision(id);
    const head: Resolved = {
      label: `revision ${r.number}`,
      revision: r.number,
      notebookSha256: r.sha256,
      notebook: r.notebook,
      commitSha: r.commitSha,
      prefix: `${request.project}/${request.algorithm}`
    };
    const key = `${base.commitSha}:${head.commitSha}`;
    let pipeline = this._pipelines.get(key);
    if (pipeline === undefined) {
      const [sa, sb] = await Promise.all([
        this._side(base, parseNotebook(base.notebook, 'base')),
        this._side(head, parseNotebook(head.notebook, 'head'))
      ]);
      // Without a notebook diff the pipeline diff makes its own, outputs ignored.
      pipeline = diffPipelines(sa, sb);
      this._pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  /** What is promoted now in the request's environment, or null when nothing is. */
  private async _production(request: PromotionRequest): Promise<Resolved | null> {
    const current = await this._stores.catalog.current(
      request.project,
      request.algorithm,
      request.environment
    );
    return current
      ? {
          ...(await this._promoted(current.requestId)),
          label: `production (${request.environment} ${current.version})`
        }
      : null;
  }

  /** The revision promoted by another request: its notebook, hash and commit. */
  private async _promoted(requestId: number): Promise<Omit<Resolved, 'label'>> {
    const r = await this._stores.views.revision(requestId);
    const { request: other } = await this._stores.promotions.load(requestId);
    const meta = other.revisions.find(x => x.number === r.number);
    return {
      notebookSha256: meta?.notebookSha256 ?? '',
      notebook: r.notebook,
      commitSha: r.commitSha,
      prefix: `${other.project}/${other.algorithm}`
    };
  }

  /** A revision's bundle as the pipeline diff reads it. */
  private async _side(r: Resolved, notebook: unknown): Promise<PipelineSide> {
    const files = new Map<string, string>();
    for (const full of await this._repo.listFiles(r.commitSha, r.prefix)) {
      files.set(
        full.slice(r.prefix.length + 1),
        (await this._repo.readFile(r.commitSha, full)).toString('utf8')
      );
    }
    const manifest = files.get('pipeline.json');
    if (manifest === undefined) {
      throw new NotFoundError(`The bundle of ${r.label} has no pipeline.json.`, {
        commit: r.commitSha
      });
    }
    return {
      manifest: JSON.parse(manifest) as Manifest,
      files,
      notebook
    };
  }
}
