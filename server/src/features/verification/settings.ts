/** The admin's settings for verification runs, kept in the settings table as one JSON value. */
import type { Stores } from '../../store';

export interface VerificationSettings {
  /** The `local` executor runs verifications on the service's own machine. */
  localEnabled: boolean;
  /** At most this many local runs at once (per service process). */
  concurrency: number;
  timeoutSeconds: number;
  memoryMb: number;
  cpuSeconds: number;
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
    cpuSeconds: 3600
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

export const SHARED_SERVICE_WARNING =
  'The local executor runs submitted code on the service\u2019s machine. Its isolation keeps a ' +
  'run away from the service\u2019s files, environment and network, but not from the kernel ' +
  'or the machine\u2019s resources beyond its limits: on a shared service, use an orchestrator ' +
  'executor where you can.';
