import type { Bump, Environment, PreviewResult, Problem } from '../client/types';
import { submissionBlocker } from '../rules/ruleResults';

/** What the data scientist chooses in the Promote dialog. */
export interface PromoteChoices {
  environment: Environment;
  bump: Bump;
  title: string;
  description: string;
}

export const ENVIRONMENTS: Environment[] = ['dev', 'stage', 'prod'];
export const BUMPS: Bump[] = ['patch', 'minor', 'major'];

/** Defaults from the notebook: its target environment and file name. */
export function defaultChoices(path: string, metadata: unknown): PromoteChoices {
  const settings = (metadata as { nbpromote?: { environment?: string } } | undefined)?.nbpromote;
  const env = ENVIRONMENTS.find(e => e === settings?.environment) ?? 'dev';
  const name = path.split('/').pop() ?? path;
  return {
    environment: env,
    bump: 'minor',
    title: `Promote ${name.replace(/\.ipynb$/, '')}`,
    description: ''
  };
}

/** Problems that stop a submission (errors) and those that only warn. */
export function splitProblems(problems: Problem[]): { blocking: Problem[]; warnings: Problem[] } {
  return {
    blocking: problems.filter(p => p.severity === 'error'),
    warnings: problems.filter(p => p.severity !== 'error')
  };
}

/** Why Submit is not possible right now, or null when it is. */
export function submitBlocker(
  choices: PromoteChoices,
  preview: PreviewResult | null,
  previewError: string | null
): string | null {
  if (!choices.title.trim()) {
    return 'Give the request a title.';
  }
  if (previewError) {
    return previewError;
  }
  if (!preview) {
    return 'Checking the notebook…';
  }
  const { blocking } = splitProblems(preview.problems);
  if (blocking.length > 0) {
    return blocking.length === 1
      ? '1 blocking problem must be fixed in the notebook first (see Checks).'
      : `${blocking.length} blocking problems must be fixed in the notebook first (see Checks).`;
  }
  // Rules the notebook itself fails; review rules are met later, in review.
  return submissionBlocker(preview.rules);
}

/**
 * Why the version bump does not choose the version, as a translatable text and its
 * arguments, or null when it does. A first promotion is 1.0.0 whatever the bump (bumps
 * count from there); a version set in the notebook's settings is used as it is.
 */
export function versionNote(
  preview: Pick<PreviewResult, 'versionFrom' | 'version' | 'project' | 'algorithm'>
): { text: string; args: string[] } | null {
  const name = `${preview.project}/${preview.algorithm}`;
  switch (preview.versionFrom) {
    case 'first':
      return {
        text: 'The first promotion of %1 is version %2; the bump applies from the next one.',
        args: [name, preview.version]
      };
    case 'notebook':
      return {
        text: "Version %1 is set in the notebook's settings (Version), so the bump is not used.",
        args: [preview.version]
      };
    default:
      return null;
  }
}

/** One entry of the preview's file tree. */
export interface FileNode {
  name: string;
  path: string;
  children: FileNode[];
}

/** Bundle paths as a sorted tree, folders first. */
export function fileTree(paths: string[]): FileNode[] {
  const root: FileNode = { name: '', path: '', children: [] };
  for (const path of [...paths].sort()) {
    let node = root;
    const parts = path.split('/');
    parts.forEach((part, i) => {
      const sub = parts.slice(0, i + 1).join('/');
      let child = node.children.find(c => c.name === part);
      if (!child) {
        child = { name: part, path: sub, children: [] };
        node.children.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: FileNode[]): FileNode[] =>
    nodes
      .map(n => ({ ...n, children: sort(n.children) }))
      .sort((a, b) => {
        const folder = Number(b.children.length > 0) - Number(a.children.length > 0);
        return folder !== 0 ? folder : a.name.localeCompare(b.name);
      });
  return sort(root.children);
}

/** One parameter as the Promote dialog shows it: the value runs in the environment use. */
export interface RunParameterRow {
  name: string;
  value: string;
  /** True when the environment sets the value; false when the notebook default applies. */
  fromEnvironment: boolean;
}

const MAX_VALUE = 80;

/** A parameter value as JSON, cut short so a long list does not stretch the dialog. */
export function formatParameterValue(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

/** The parameter values the preview says runs in its environment will use, in notebook order. */
export function runParameterRows(preview: PreviewResult): RunParameterRow[] {
  return (preview.runParameters ?? []).map(p => ({
    name: p.name,
    value: formatParameterValue(p.value),
    fromEnvironment: p.from === 'environment'
  }));
}
