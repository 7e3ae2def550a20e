/** The admin's settings for verification runs, kept in the settings table as one JSON value. */
import type { Environment } from '../../domain';
import type { Stores } from '../../store';

export type ExecutorKind = 'local' | 'airflow';

/**
 * An environment's Airflow: where its REST API is, who the service signs in as. The password
 * is never stored: `passwordEnv` names the service's environment variable that holds it.
 */
export interface AirflowSettings {
  url: string;
  username: string;
  passwordEnv: string;
  /** The service URL the DAG's tasks report to (default: the service's own address). */
  reportTo?: string;
  /** How long the bundle's DAG may take to appear in Airflow before the run fails. */
  dagWaitSeconds?: number;
  /** `v2`: Airflow 3 (default); `v1`: Airflow 2.10 with its basic_auth API backend. */
  api?: 'v2' | 'v1';
}

export interface EnvironmentExecutor {
  executor: ExecutorKind;
  airflow?: AirflowSettings;
}

export interface VerificationSettings {
  /** The `local` executor runs verifications on the service's own machine. */
  localEnabled: boolean;
  /** At most this many local runs at once (per service process). */
  concurrency: number;
  timeoutSeconds: number;
  memoryMb: number;
  cpuSeconds: number;
  /** Per environment, which executor runs its verifications (absent: local). */
  environments: Partial<Record<Environment, EnvironmentExecutor>>;
}

export const SETTINGS_KEY = 'verification';

export function defaultSettings(
  sharedIdentity: boolean,
  localDefault?: boolean
): VerificationSettings {
  return {
    // A service shared through a Hub or an OIDC issuer runs other people's code only when an
    // admin has said so.
    localEnabled: localDefault ?? !sharedIdentity,
    concurrency: 1,
    timeoutSeconds: 1800,
    memoryMb: 4096,
    cpuSeconds: 3600,
    environments: {}
  };
}

export async function readSettings(
  stores: Stores,
  sharedIdentity: boolean,
  localDefault?: boolean
): Promise<VerificationSettings> {
  const raw = await stores.settings.get(SETTINGS_KEY);
  const base = defaultSettings(sharedIdentity, localDefault);
  if (raw === null) return base;
  return { ...base, ...(JSON.parse(raw) as Partial<VerificationSettings>) };
}

/** The executor an environment's runs use: the rule's choice first, then the admin's. */
export function executorFor(
  settings: VerificationSettings,
  environment: string,
  ruleChoice?: ExecutorKind
): ExecutorKind {
  return ruleChoice ?? settings.environments[environment as Environment]?.executor ?? 'local';
}

/** Whether runs of this executor can start here (local: switched on; airflow: configured). */
export function executorReady(
  settings: VerificationSettings,
  environment: string,
  kind: ExecutorKind
): boolean {
  if (kind === 'local') return settings.localEnabled;
  return settings.environments[environment as Environment]?.airflow !== undefined;
}

export const SHARED_SERVICE_WARNING =
  'The local executor runs submitted code on the service\u2019s machine. Its isolation keeps a ' +
  'run away from the service\u2019s files, environment and network, but not from the kernel ' +
  'or the machine\u2019s resources beyond its limits: on a shared service, use an orchestrator ' +
  'executor where you can.';
