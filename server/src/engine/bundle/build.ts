import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeNotebook, type AnalyzeOptions } from '../analyze';
import { hasErrors } from '../problems';
import type { Analysis, Problem } from '../types';
import { dagText } from './dag';
import { dockerfileText } from './dockerfile';
import { kubeflowText } from './kubeflow';
import { stableJson } from './format';
import { USE_CASES, buildManifest, stepModule, type Manifest } from './manifest';
import { initModuleText, paramsModuleText, setupModuleText, stepModuleText } from './pythonModules';
import { readmeText } from './readme';
import { requirementLines, runtimeRequirements } from './requirements';
import { strippedNotebook } from './stripNotebook';

/** The runner and run storage are plain Python files shipped with the service. */
const TEMPLATE_DIR = path.resolve(__dirname, '..', '..', '..', 'python', 'bundle');
const RUNTIME_FILES = [
  '__main__.py',
  '_formats.py',
  '_params_cli.py',
  '_records.py',
  '_runtime.py'
];
const templates = new Map<string, string>();
function template(name: string): string {
  let t = templates.get(name);
  if (t === undefined) {
    t = fs.readFileSync(path.join(TEMPLATE_DIR, name), 'utf8');
    templates.set(name, t);
  }
  return t;
}

export interface BuildOptions extends AnalyzeOptions {
  /** Path of the notebook recorded as lineage (default: "notebook.ipynb"). */
  path?: string;
  /** Version recorded in the manifest (the service's reserved one); default the metadata's. */
  version?: string;
  /** Image registry from the admin settings; the notebook's `registry` when unset. */
  registry?: string;
}

export interface Bundle {
  /** False when the notebook has errors; then `files` is empty. */
  ok: boolean;
  /** Path inside the bundle -> file content; sorted by path. */
  files: Map<string, string>;
  manifest?: Manifest;
  problems: Problem[];
  analysis: Analysis;
}

function sha256(input: string | Buffer | object): string {
  const data = typeof input === 'string' || Buffer.isBuffer(input) ? input : stableJson(input);
  return createHash('sha256').update(data).digest('hex');
}

/** Turn an analysed notebook into the bundle's files. Pure: same analysis, same bytes. */
export function bundleFiles(
  a: Analysis,
  source: { path: string; sha256: string },
  version?: string,
  registry?: string
): { files: Map<string, string>; manifest: Manifest } {
  const pins = a.notebook.settings.requirements ?? [];
  const modules = [...a.modules, ...runtimeRequirements(a.modules)];
  const requirements = requirementLines(modules, new Set(a.facts.stdlib), pins);
  const manifest = buildManifest(a, source, requirements, version, registry);
  const pkg = manifest.package;
  const files: [string, string][] = [
    ['pipeline.json', stableJson(manifest)],
    ['README.md', readmeText(manifest)],
    ['requirements.txt', requirements.map(r => `${r}\n`).join('')],
    ['notebook.ipynb', strippedNotebook(a.notebook.json)],
    [manifest.exports.kubeflow, kubeflowText(manifest)],
    [manifest.exports.dockerfile, dockerfileText(manifest)],
    [`${pkg}/__init__.py`, initModuleText(manifest)],
    ...RUNTIME_FILES.map((f): [string, string] => [`${pkg}/${f}`, template(f)]),
    [`${pkg}/_params.py`, paramsModuleText(a, manifest)],
    [`${pkg}/_setup.py`, setupModuleText(a, manifest)]
  ];
  for (const u of USE_CASES) {
    const dag = manifest.exports.airflow[u];
    if (dag) files.push([dag, dagText(manifest, u)]);
  }
  for (const step of a.steps) {
    files.push([`${pkg}/${stepModule(step)}.py`, stepModuleText(a, step, manifest)]);
  }
  files.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return { files: new Map(files), manifest };
}

/**
 * Analyse a notebook and build its artifact bundle in memory, for the caller to write
 * atomically or commit. Throws InputError when the notebook cannot be read at all.
 */
export async function buildBundle(
  input: string | Buffer | object,
  options: BuildOptions = {}
): Promise<Bundle> {
  const analysis = await analyzeNotebook(input, options);
  const problems = analysis.problems;
  if (hasErrors(problems)) return { ok: false, files: new Map(), problems, analysis };
  const source = { path: options.path ?? 'notebook.ipynb', sha256: sha256(input) };
  const { files, manifest } = bundleFiles(analysis, source, options.version, options.registry);
  return { ok: true, files, manifest, problems, analysis };
}
