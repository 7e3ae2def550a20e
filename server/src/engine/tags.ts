import { loadSchema } from '../schemaDir';
import { badPodTag, isPodTag, readPodTag, type PodSettings } from './podSettings';
import type { ProblemList } from './problems';
import type { CellKind, NotebookCell } from './types';

/** The vocabulary as `schema/vocabulary.json` defines it for the engine and the extension. */
const VOCABULARY = loadSchema('vocabulary.json') as unknown as {
  blueprintSteps: string[];
  stepNamePattern: string;
  defaultStep: string;
  roleTags: Record<string, CellKind>;
  rolePrecedence: CellKind[];
};

/** Name of the step that holds code cells no step tag claims. */
export const DEFAULT_STEP = VOCABULARY.defaultStep;

export const STEP_NAME = new RegExp(VOCABULARY.stepNamePattern);
export const BLUEPRINT_ROLES: readonly string[] = VOCABULARY.blueprintSteps;

/** What a cell's tags say about it. */
export interface CellTags {
  kind: CellKind;
  /** Step the cell starts or continues; undefined = joins the step above. */
  step?: string;
  prev: string[];
  /** Kale's per-step settings (limit:, image:, annotation:, label:, cache:). */
  pod: PodSettings;
}

const KIND_TAGS = VOCABULARY.roleTags;

// When several kind tags are present the most exclusive wins: ignored cells stay ignored.
const PRECEDENCE = VOCABULARY.rolePrecedence;

function badName(
  problems: ProblemList,
  cell: NotebookCell,
  tag: string,
  what: string,
  detail: string
): void {
  problems.error(
    'malformed_tag',
    `Tag "${tag}": ${what} ${detail} Step names use lower-case letters, digits and _ and ` +
      'start with a letter or _ (e.g. step:train).',
    { cell }
  );
}

/** Interpret one cell's tags; malformed tags become errors naming the cell. */
export function readCellTags(cell: NotebookCell, problems: ProblemList): CellTags {
  if (cell.cellType !== 'code') return { kind: cell.cellType, prev: [], pod: {} };
  const kinds = new Set<CellKind>();
  const steps: string[] = [];
  const prev: string[] = [];
  const pod: PodSettings = {};
  const podTags: string[] = [];
  for (const raw of cell.tags) {
    const tag = raw.trim();
    const known = KIND_TAGS[tag];
    if (known) {
      kinds.add(known);
      continue;
    }
    const m = /^(step|block|prev):(.*)$/.exec(tag);
    if (!m) {
      if (/^(step|block|prev)$/.test(tag)) {
        badName(problems, cell, tag, 'a name is missing:', `write ${tag}:<name>.`);
      } else if (isPodTag(tag)) {
        const r = readPodTag(tag);
        if (r.ok) r.apply(pod);
        else badPodTag(problems, cell, tag, r.message);
        podTags.push(tag);
      } else if (tag !== '') {
        problems.warning('unknown_tag', `Unknown tag "${tag}" is ignored.`, { cell });
      }
      continue;
    }
    const [, key, name] = m;
    if (key === 'prev') {
      if (name === '') badName(problems, cell, tag, 'the step name is missing.', '');
      else if (!STEP_NAME.test(name))
        badName(problems, cell, tag, `"${name}" is not a valid step name.`, '');
      else if (!prev.includes(name)) prev.push(name);
      continue;
    }
    // An empty step:/block: tag means "continue the step above", as in Kale.
    if (name === '') continue;
    if (!STEP_NAME.test(name)) {
      badName(problems, cell, tag, `"${name}" is not a valid step name.`, '');
      continue;
    }
    if (!steps.includes(name)) steps.push(name);
  }
  if (steps.length > 1) {
    problems.error(
      'multiple_steps',
      `The cell is tagged with several steps (${steps.join(', ')}); a cell belongs to one step.`,
      { cell }
    );
  }
  const kind = PRECEDENCE.find(k => kinds.has(k));
  if (kind) {
    if (steps.length > 0 || prev.length > 0 || podTags.length > 0) {
      problems.warning(
        'conflicting_tags',
        `The cell is tagged "${kind}"; its step, prev and step-setting tags are ignored.`,
        { cell }
      );
    }
    return { kind, prev: [], pod: {} };
  }
  return { kind: 'step', step: steps[0], prev, pod };
}
