/** Check and preview: what the pipeline panel and the promote dialog show. Nothing is stored. */
import {
  defaultBump,
  parseEnvironment,
  assertArtifactName,
  type BumpLevel,
  type Environment,
  type PipelineSignature
} from '../../domain';
import { hasErrors, sortProblems } from '../../engine';
import type { ArtifactRepository } from '../../git';
import type { Stores } from '../../store';
import type { RuleChecks } from '../rules/ruleChecks';
import type { CheckResult, PreviewResult, RunParameter } from './contract';
import {
  IMAGE_REGISTRY,
  bundleFor,
  versionChoice,
  type NotebookAnalyzer,
  type NotebookFacts
} from '../notebooks/notebookFacts';

export class PreviewService {
  constructor(
    private readonly _stores: Stores,
    private readonly _repo: ArtifactRepository,
    private readonly _analyzer: NotebookAnalyzer,
    private readonly _rules?: RuleChecks
  ) {}

  /** The engine's check plus the secret scan the promotion rules run. */
  async check(notebook: Record<string, unknown>, path: string): Promise<CheckResult> {
    const facts = await this._analyzer.facts(notebook, path);
    const result = checkResult(facts);
    if (this._rules) {
      result.problems = sortProblems([
        ...result.problems,
        ...(await this._rules.secretProblems(facts))
      ]);
    }
    return result;
  }

  async preview(input: {
    notebook: Record<string, unknown>;
    path: string;
    environment: string;
    bump?: BumpLevel;
  }): Promise<PreviewResult> {
    const facts = await this._analyzer.facts(input.notebook, input.path);
    const environment = parseEnvironment(input.environment);
    const project = assertArtifactName(facts.project, 'project');
    const algorithm = assertArtifactName(facts.algorithm, 'algorithm');
    const current = await this._stores.catalog.current(project, algorithm, environment);
    let promoted: PipelineSignature | null = null;
    if (current) {
      promoted = (await this._stores.views.revision(current.requestId))
        .signature as PipelineSignature;
    }
    const used = await this._stores.promotions.usedVersions(project, algorithm);
    const { version, from: versionFrom } = versionChoice(
      used,
      facts.requestedVersion,
      input.bump ?? defaultBump(promoted, facts.signature)
    );
    const ok = !hasErrors(facts.problems);
    const registry = await this._stores.settings.get(IMAGE_REGISTRY);
    const files = ok ? bundleFor(facts, version, registry) : new Map<string, string>();
    const result: PreviewResult = {
      ...checkResult(facts),
      files: Object.fromEntries(files),
      project,
      algorithm,
      environment,
      version,
      versionFrom,
      diff: ok ? await this._diff(files, environment, `${project}/${algorithm}`) : emptyDiff(),
      runParameters: runParameters(facts, environment)
    };
    if (current) result.currentVersion = current.version;
    if (this._rules) result.rules = await this._rules.forNotebook(facts, environment);
    return result;
  }

  /** Bundle paths added, removed and changed against the environment branch's tip. */
  private async _diff(
    files: Map<string, string>,
    environment: Environment,
    prefix: string
  ): Promise<PreviewResult['diff']> {
    const tip = await this._repo.branchTip(`env/${environment}`);
    const existing = new Map<string, string>();
    if (tip) {
      for (const full of await this._repo.listFiles(tip, prefix)) {
        const rel = full.slice(prefix.length + 1);
        existing.set(rel, (await this._repo.readFile(tip, full)).toString('utf8'));
      }
    }
    const diff = emptyDiff();
    for (const [p, content] of files) {
      if (!existing.has(p)) diff.added.push(p);
      else if (existing.get(p) !== content) diff.changed.push(p);
    }
    for (const p of existing.keys()) if (!files.has(p)) diff.removed.push(p);
    return diff;
  }
}

/** What `environments.<env>.parameters` of the notebook settings makes of each parameter. */
function runParameters(facts: NotebookFacts, environment: Environment): RunParameter[] {
  const values = facts.analysis.notebook.settings.environments?.[environment]?.parameters ?? {};
  return facts.analysis.parameters.map(p =>
    Object.prototype.hasOwnProperty.call(values, p.name)
      ? { name: p.name, value: values[p.name], from: 'environment' }
      : { name: p.name, value: p.default ?? null, from: 'default' }
  );
}

function emptyDiff(): PreviewResult['diff'] {
  return { added: [], removed: [], changed: [] };
}

function checkResult(facts: NotebookFacts): CheckResult {
  const a = facts.analysis;
  return {
    steps: a.steps.map(s => {
      const step: CheckResult['steps'][number] = {
        name: s.name,
        cellIds: s.cells.map(c => c.id),
        dependsOn: s.dependsOn,
        prev: s.prev,
        inputs: s.inputs,
        outputs: s.outputs
      };
      if (s.role) step.role = s.role;
      const via = Object.entries(s.sharedGlobals).filter(([n]) => s.inputs[n] !== undefined);
      if (via.length > 0) step.inputsVia = Object.fromEntries(via);
      return step;
    }),
    parameters: a.parameters.map(p => ({ name: p.name, type: p.type, default: p.default })),
    metrics: a.metrics.map(m => (m.step ? { name: m.name, step: m.step } : { name: m.name })),
    problems: facts.problems
  };
}
