import { seededRandom } from './seededRandom';

/**
 * A seeded generator of valid rules documents: every rule type, each optional field present
 * or absent at random, values within the schema's limits. Deterministic for a seed (the browser
 * tests' generator, so both replay a seed the same way).
 */

export class Gen {
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }
  readonly random: () => number;
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  bool(): boolean {
    return this.random() < 0.5;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  /** Distinct items of a list, in random order. */
  some<T>(items: readonly T[], min = 0): T[] {
    const copy = [...items].sort(() => this.random() - 0.5);
    return copy.slice(0, this.int(min, items.length));
  }
  name(prefix = ''): string {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let s = prefix;
    const n = this.int(1, 8);
    for (let i = 0; i < n; i++) {
      s += letters[this.int(0, 25)];
    }
    return s;
  }
  /** Some of the fields, each kept with probability one half. */
  maybe(fields: Record<string, () => unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, make] of Object.entries(fields)) {
      if (this.bool()) {
        out[key] = make();
      }
    }
    return out;
  }
  number(): number {
    return this.pick([0, 1, 0.5, 0.95, 0.02, 12.25, 1e-10, 1000, this.int(0, 99) / 100]);
  }
}

export const RULE_TYPES = [
  'review',
  'content',
  'secrets',
  'environment_order',
  'metric',
  'freeze'
] as const;

const ROLES = ['data-scientist', 'reviewer', 'admin'];
const ENVS = ['dev', 'stage', 'prod'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function clock(g: Gen) {
  return {
    day: g.pick(DAYS),
    time: `${String(g.int(0, 23)).padStart(2, '0')}:${String(g.int(0, 59)).padStart(2, '0')}`
  };
}

function parameters(g: Gen, type: string): Record<string, unknown> {
  switch (type) {
    case 'review':
      return g.maybe({
        approvals: () => g.int(0, 20),
        approvers: () =>
          g.maybe({ roles: () => g.some(ROLES), users: () => [...new Set([g.name(), g.name()])] }),
        stepOwners: () =>
          Array.from({ length: g.int(0, 2) }, () => ({
            steps: g.pick(['train', 'feature_*', 'evaluate']),
            users: [g.name()],
            ...g.maybe({ approvals: () => g.int(1, 3) })
          })),
        dismissStale: () => g.pick(['any_revision', 'code_or_pipeline_change', 'never']),
        requireResolvedThreads: () => g.bool(),
        changesRequestedBlocks: () => g.bool()
      });
    case 'content':
      return g.maybe({
        requiredSteps: () => g.some(['extract', 'train', 'evaluate']),
        requiredMetadata: () =>
          Array.from({ length: g.int(0, 2) }, () => ({
            field: g.pick(['nbpromote.owner', 'nbpromote.project', 'kernelspec.name']),
            ...g.maybe({ pattern: () => g.pick(['^[a-z]+$', '.+']) })
          })),
        forbiddenPatterns: () =>
          Array.from({ length: g.int(0, 2) }, () => ({
            pattern: g.pick(['^\\s*!pip install', 'print\\(']),
            message: g.pick(['No pip installs.', 'No prints.']),
            ...g.maybe({
              ignoreCase: () => g.bool(),
              scope: () => g.pick(['sources', 'sources_and_outputs'])
            })
          })),
        noErrorOutputs: () => g.bool(),
        requirementsPinned: () => g.bool(),
        maxNotebookBytes: () => g.int(1, 50_000_000),
        maxCells: () => g.int(1, 500),
        maxOutputBytes: () => g.int(1, 5_000_000)
      });
    case 'secrets':
      return g.maybe({
        scanOutputs: () => g.bool(),
        scanMetadata: () => g.bool(),
        disabledScanners: () =>
          g.some(['@secretlint/secretlint-rule-basicauth', '@secretlint/secretlint-rule-slack']),
        patterns: () =>
          Array.from({ length: g.int(0, 2) }, () => ({
            id: g.name('p'),
            pattern: 'sk-[a-z0-9]{20}',
            ...g.maybe({ message: () => 'An internal key.' })
          }))
      });
    case 'environment_order':
      return g.maybe({ after: () => g.some(ENVS) });
    case 'metric': {
      const gate: Record<string, unknown> = {
        metric: g.pick(['accuracy', 'f1', 'rmse', 'auc.macro']),
        operator: g.pick(['>=', '>', '<=', '<', '==']),
        value: g.number(),
        ...g.maybe({
          direction: () => g.pick(['higher', 'lower']),
          noWorseThanCurrent: () => {
            const t = g.maybe({ absolute: () => g.number(), relative: () => g.int(0, 100) / 100 });
            return Object.keys(t).length ? t : { relative: 0.02 };
          },
          whenNoCurrent: () => g.pick(['pass', 'fail'])
        })
      };
      // The service refuses an exact gate compared with the current version that does not say
      // which way is better.
      if (gate.operator === '==' && gate.noWorseThanCurrent && !gate.direction) {
        gate.direction = 'higher';
      }
      return gate;
    }
    default:
      return g.maybe({
        timezone: () => g.pick(['UTC', 'Europe/Berlin', 'America/New_York']),
        weekly: () => Array.from({ length: g.int(0, 2) }, () => ({ from: clock(g), to: clock(g) })),
        dates: () =>
          Array.from({ length: g.int(0, 2) }, () => ({
            from: '2026-12-24T00:00:00Z',
            to: '2026-12-27T08:00:00Z'
          }))
      });
  }
}

export function rule(g: Gen, type: string, id: string): Record<string, unknown> {
  const params = parameters(g, type);
  const needsParameters = type === 'metric' || type === 'freeze';
  return {
    id,
    type,
    ...g.maybe({
      enforcement: () => g.pick(['active', 'evaluate', 'disabled']),
      message: () => g.pick(['', 'Fix this before promoting.'])
    }),
    ...(needsParameters || g.random() < 0.8 ? { parameters: params } : {})
  };
}

function ruleSet(g: Gen): Record<string, unknown> {
  const n = g.int(0, 6);
  return {
    rules: Array.from({ length: n }, (_, i) => rule(g, g.pick(RULE_TYPES), `${g.name()}-${i}`))
  };
}

/** A valid rules document; every rule type appears somewhere across a few seeds. */
export function rulesDocument(g: Gen): Record<string, unknown> {
  const environments: Record<string, unknown> = {};
  for (const env of ENVS) {
    if (g.random() < 0.85) {
      environments[env] = ruleSet(g);
    }
  }
  return {
    schemaVersion: 1,
    ...g.maybe({ defaults: () => ruleSet(g) }),
    environments,
    ...g.maybe({
      acceptedFindings: () => [
        {
          sha256: 'ab'.repeat(32),
          reason: 'A test fixture.',
          acceptedBy: 'grace',
          acceptedAt: '2026-01-01T00:00:00Z'
        }
      ]
    })
  };
}
