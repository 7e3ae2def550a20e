import * as path from 'node:path';
import { resolveIdentityConfig, type IdentityConfig } from './auth/identityConfig';

/** Everything the service needs to start, resolved once from flags and the environment. */
export interface ServiceConfig {
  host: string;
  port: number;
  /** Folder holding the embedded database and the artifact repository. */
  dataDir: string;
  /** `sqlite:<file>` or `postgres://...`. */
  databaseUrl: string;
  /** Origins (scheme://host:port) allowed to call the API from a browser. */
  allowedOrigins: string[];
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Write requests (POST/PUT/PATCH/DELETE) one user may make per window. */
  writeRateLimit: number;
  writeRateWindowMs: number;
  /** Interval of Server-Sent Events heartbeat comments. */
  heartbeatMs: number;
  /** JupyterHub and OpenID Connect identity, when configured; nbpromote tokens work always. */
  identity: IdentityConfig;
  /**
   * The artifact repository's remote, when the deployment names it (NBPROMOTE_GIT_REMOTE_URL,
   * from a Secret): set at every start, over what an admin set.
   */
  remoteUrl?: string;
  /**
   * How often a replica on PostgreSQL finishes or undoes what a dead replica left half done
   * (NBPROMOTE_REPAIR_INTERVAL_MS; 0: only at start).
   */
  repairIntervalMs: number;
}

export interface ConfigOverrides {
  host?: string;
  port?: number | string;
  dataDir?: string;
  databaseUrl?: string;
  allowedOrigins?: string[] | string;
  maxBodyBytes?: number;
  writeRateLimit?: number;
}

const DEFAULT_PORT = 8765;
const DEFAULT_MAX_BODY = 25 * 1024 * 1024;
/** Generous: an interactive user never meets it; a runaway script does. */
const DEFAULT_WRITE_RATE_LIMIT = 1200;

function parseList(value: string[] | string | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  const items = Array.isArray(value) ? value : value.split(',');
  return items.map(s => s.trim().replace(/\/+$/, '')).filter(s => s.length > 0);
}

function parsePort(value: number | string): number {
  const port = typeof value === 'number' ? value : Number.parseInt(value, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid port "${value}": expected a number from 0 to 65535.`);
  }
  return port;
}

/** Resolve the configuration: explicit overrides win over NBPROMOTE_* variables and defaults. */
export function resolveConfig(
  overrides: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env
): ServiceConfig {
  const dataDir = path.resolve(overrides.dataDir ?? env.NBPROMOTE_DATA_DIR ?? '.nbpromote');
  const databaseUrl =
    overrides.databaseUrl ?? env.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'nbpromote.sqlite')}`;
  return {
    host: overrides.host ?? env.NBPROMOTE_HOST ?? '127.0.0.1',
    port: parsePort(overrides.port ?? env.NBPROMOTE_PORT ?? DEFAULT_PORT),
    dataDir,
    databaseUrl,
    allowedOrigins: parseList(overrides.allowedOrigins ?? env.NBPROMOTE_ALLOWED_ORIGINS),
    maxBodyBytes:
      overrides.maxBodyBytes ?? (Number(env.NBPROMOTE_MAX_BODY_BYTES) || DEFAULT_MAX_BODY),
    writeRateLimit:
      overrides.writeRateLimit ??
      (Number(env.NBPROMOTE_WRITE_RATE_LIMIT) || DEFAULT_WRITE_RATE_LIMIT),
    writeRateWindowMs: Number(env.NBPROMOTE_WRITE_RATE_WINDOW_MS) || 60_000,
    heartbeatMs: Number(env.NBPROMOTE_SSE_HEARTBEAT_MS) || 15_000,
    identity: resolveIdentityConfig(env),
    repairIntervalMs: Number(env.NBPROMOTE_REPAIR_INTERVAL_MS ?? 10_000) || 0,
    ...(env.NBPROMOTE_GIT_REMOTE_URL ? { remoteUrl: env.NBPROMOTE_GIT_REMOTE_URL } : {})
  };
}
