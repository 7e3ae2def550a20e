/**
 * What the service needs to know about a submitted notebook, computed once: the engine's
 * analysis, where its bundle is filed, its pipeline shape and per-cell hashes.
 */
import * as path from 'node:path';
import {
  assertArtifactName,
  hashCellSource,
  nextVersion,
  sha256Hex,
  type BumpLevel,
  type PipelineSignature,
  type ValidationSummary
} from '../../domain';
import {
  analyzeNotebook,
  bundleFiles,
  hasErrors,
  type Analysis,
  type Problem,
  type PythonPool
} from '../../engine';
import { naming } from '../../engine/bundle/manifest';
import { ConflictError, InputError } from '../../errors';
import { checkBundlePath } from '../../git';
import type { NewRevisionRow } from '../../store/promotionStore';
import { RecentMap } from '../../runtime/recentMap';

export interface NotebookFacts {
  analysis: Analysis;
  /** The notebook as submitted, as JSON text, and its sha256. */
  text: string;
  sha256: string;
  path: string;
  project: string;
  algorithm: string;
  problems: Problem[];
  signature: PipelineSignature;
  cellHashes: Record<string, string>;
  /** `metadata.nbpromote` settings the service honours. */
  requestedVersion: string | null;
  environment: string | null;
}

/** A notebook path as recorded: relative, no `..`, nothing git could read as an option. */
export function checkNotebookPath(value: string): string {
  return checkBundlePath(value.replace(/^\.\//, ''), 'path');
}

/** The title a request gets when none is given: the notebook's file name. */
export function defaultTitle(notebookPath: string): string {
  return path.posix.basename(notebookPath);
}

/** Analyses notebooks, remembering recent answers by content so a resubmission is cheap. */
export class NotebookAnalyzer {
  constructor(
    cacheSize = 64,
    private readonly _pool?: PythonPool
  ) {
    this._cache = new RecentMap(cacheSize);
  }

  async facts(notebook: Record<string, unknown>, notebookPath: string): Promise<NotebookFacts> {
    const checkedPath = checkNotebookPath(notebookPath);
    const text = JSON.stringify(notebook);
    const sha256 = sha256Hex(text);
    const analysis = await this._analyze(() => notebook, sha256, checkedPath);
    return factsOf(analysis, text, sha256, checkedPath);
  }

  /**
   * The facts of a stored notebook (its text and hash as stored): parsed and analysed only
   * when not remembered, so reading a stored revision again costs no parse or hash.
   */
  async storedFacts(text: string, sha256: string, notebookPath: string): Promise<NotebookFacts> {
    const checkedPath = checkNotebookPath(notebookPath);
    const parse = () => JSON.parse(text) as Record<string, unknown>;
    return factsOf(await this._analyze(parse, sha256, checkedPath), text, sha256, checkedPath);
  }

  private _analyze(
    notebook: () => Record<string, unknown>,
    sha256: string,
    notebookPath: string
  ): Promise<Analysis> {
    const key = `${sha256}:${notebookPath}`;
    let hit = this._cache.get(key);
    if (!hit) {
      hit = analyzeNotebook(notebook(), { path: notebookPath, pool: this._pool });
      hit.catch(() => this._cache.delete(key));
      this._cache.set(key, hit);
    }
    return hit;
  }

  private readonly _cache: RecentMap<Promise<Analysis>>;
}

function factsOf(
  analysis: Analysis,
  text: string,
  sha256: string,
  checkedPath: string
): NotebookFacts {
  const names = naming(analysis, checkedPath);
  const settings = analysis.notebook.settings;
  return {
    analysis,
    text,
    sha256,
    path: checkedPath,
    project: names.project,
    algorithm: names.algorithm,
    problems: analysis.problems,
    signature: {
      steps: analysis.steps.map(s => ({ name: s.name, dependsOn: [...s.dependsOn] })),
      parameters: analysis.parameters.map(p => ({
        name: p.name,
        type: p.type,
        default: p.default
      }))
    },
    cellHashes: Object.fromEntries(
      analysis.notebook.cells.map(c => [c.id, hashCellSource(c.source)])
    ),
    requestedVersion: settings.version ?? null,
    environment: settings.environment ?? null
  };
}

/** Throws 400 `blocking_problems` when the analysis found errors; checks the bundle's names. */
export function assertPromotable(facts: NotebookFacts): void {
  if (hasErrors(facts.problems)) {
    const errors = facts.problems.filter(p => p.severity === 'error').length;
    throw new InputError(
      `The notebook has ${errors} blocking problem${errors === 1 ? '' : 's'}; fix ${errors === 1 ? 'it' : 'them'} and submit again.`,
      { problems: facts.problems },
      'blocking_problems'
    );
  }
  assertArtifactName(facts.project, 'project');
  assertArtifactName(facts.algorithm, 'algorithm');
}

/** The rules engine's summary of a revision, kept on the revision. */
export function validationOf(problems: readonly Problem[]): ValidationSummary {
  const errors = problems.filter(p => p.severity === 'error').length;
  return { passed: errors === 0, errors, warnings: problems.length - errors, report: problems };
}

/** What the database keeps of a submitted revision (pending until its commit exists). */
export function revisionRow(facts: NotebookFacts, number: number, at: string): NewRevisionRow {
  return {
    number,
    notebookSha256: facts.sha256,
    notebook: facts.text,
    problems: facts.problems,
    cellHashes: facts.cellHashes,
    signature: facts.signature,
    at
  };
}

/** The admin setting naming the registry of bundle images (GET/PUT /settings). */
export const IMAGE_REGISTRY = 'image_registry';

/** The bundle files for a reserved version; `registry` from the admin settings, if set. */
export function bundleFor(
  facts: NotebookFacts,
  version: string,
  registry?: string | null
): Map<string, string> {
  const source = { path: facts.path, sha256: facts.sha256 };
  return bundleFiles(facts.analysis, source, version, registry ?? undefined).files;
}

/**
 * The version a submission reserves: the notebook's `metadata.nbpromote.version` while it is
 * still new (above every version used), else the highest used version bumped. The metadata
 * travels with the notebook, so a version it names once must not block later promotions.
 */
export function chooseVersion(
  used: readonly string[],
  requested: string | null,
  bump: BumpLevel
): string {
  return versionChoice(used, requested, bump).version;
}

/**
 * Where the version comes from, for the person choosing a bump: the notebook's settings,
 * the first version (nothing used yet: 1.0.0 whatever the bump), or the bump.
 */
export type VersionSource = 'notebook' | 'first' | 'bump';

export function versionChoice(
  used: readonly string[],
  requested: string | null,
  bump: BumpLevel
): { version: string; from: VersionSource } {
  if (requested !== null) {
    try {
      return { version: nextVersion({ used, requested, bump }), from: 'notebook' };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return { version: nextVersion({ used, bump }), from: used.length === 0 ? 'first' : 'bump' };
}
