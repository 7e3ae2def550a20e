/** Deployment environments and their promotion order. */
import { InputError } from '../errors';

export type Environment = 'dev' | 'stage' | 'prod';

/** The default order; admins may configure another order, passed as `order` below. */
export const ENVIRONMENTS: readonly Environment[] = ['dev', 'stage', 'prod'];

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

/** Checks a user-supplied environment name. */
export function parseEnvironment(value: unknown, field = 'environment'): Environment {
  if (!isEnvironment(value)) {
    throw new InputError(`Unknown environment ${JSON.stringify(value)}.`, {
      field,
      allowed: [...ENVIRONMENTS]
    });
  }
  return value;
}

function rank(env: Environment, order: readonly Environment[]): number {
  const index = order.indexOf(env);
  if (index < 0) {
    throw new InputError(`Environment ${env} is not in the configured order.`, {
      environment: env,
      order: [...order]
    });
  }
  return index;
}

/** Negative when `a` comes before `b` in the promotion order, 0 when equal, positive after. */
export function compareEnvironments(
  a: Environment,
  b: Environment,
  order: readonly Environment[] = ENVIRONMENTS
): number {
  return rank(a, order) - rank(b, order);
}

/** The environment after `env`, or null for the last one. */
export function nextEnvironment(
  env: Environment,
  order: readonly Environment[] = ENVIRONMENTS
): Environment | null {
  return order[rank(env, order) + 1] ?? null;
}
