import * as fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServiceConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/connect';
import { checkRemoteUrl } from './git/remoteUrl';
import { createApp } from './http/app';
import { trackResponses, type DrainOutcome } from './httpDrain';
import {
  createServices,
  shareEvents,
  ensureDemoUsers,
  repair,
  type RepairReport,
  type Services
} from './features';
import { VERSION } from './version';

export interface RunningService {
  url: string;
  port: number;
  database: DatabaseHandle;
  services: Services;
  repair: RepairReport;
  /** Demo users and their tokens, when started with `demoUsers`. */
  demoUsers: { name: string; role: string; token: string }[];
  /**
   * Stops listening, then closes the event sharing, the Python and git workers and the
   * database. With `graceMs`, requests under way get that long to finish (event streams are
   * ended at once); without, every connection is cut. Says whether the requests finished.
   */
  stop(options?: { graceMs?: number }): Promise<DrainOutcome>;
}

export interface StartOptions {
  /** Create ada/linus/grace/margaret with tokens kept in `<dataDir>/demo-tokens.json`. */
  demoUsers?: boolean;
}

/**
 * Open the data dir and database, repair what a crash left half done, then listen.
 * Resolves once the port is bound.
 */
export async function startService(
  config: ServiceConfig,
  log: (msg: string) => void = console.error,
  options: StartOptions = {}
): Promise<RunningService> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Checked before anything opens: a wrong URL in a deployment's Secret stops the start.
  const remoteUrl = config.remoteUrl === undefined ? null : checkRemoteUrl(config.remoteUrl);
  const database = await openDatabase(config.databaseUrl);
  const leases = await database.leases(log);
  const services = createServices({
    database,
    dataDir: config.dataDir,
    log,
    leases,
    sharedIdentity: Boolean(config.identity.hub ?? config.identity.oidc),
    verificationDataRoot: process.env.NBPROMOTE_VERIFY_DATA_ROOT,
    verificationLocalDefault: onOff(process.env.NBPROMOTE_VERIFY_LOCAL)
  });
  const stopSharing = await shareEvents(services, database, log);
  // Before repair: with a shared remote, the remote says what was done.
  if (remoteUrl !== null && (await services.stores.settings.get('remote_url')) !== remoteUrl) {
    await services.stores.settings.set('remote_url', remoteUrl, 'NBPROMOTE_GIT_REMOTE_URL');
  }
  const report = await repair(services.stores, services.repo, services.promotions, { leases });
  if (report.postponed) log(`nbpromote: repair postponed: ${report.postponed}`);
  for (const what of report.completed) log(`nbpromote: repair: completed ${what}`);
  for (const what of report.rolledBack) log(`nbpromote: repair: rolled back ${what}`);
  for (const ref of report.orphanBranches) log(`nbpromote: repair: ${ref} has no request`);
  // Rules version 1 (the defaults) on first start; versions a crash kept out of git go in now.
  await services.rules.current();
  await services.rules.syncGit().catch((error: unknown) => {
    log(`nbpromote: committing rules versions to git failed: ${(error as Error).message}`);
  });
  const stopSweep = sweepRepairs(services, config.repairIntervalMs, log);
  const demoUsers = options.demoUsers ? await ensureDemoUsers(services.stores, config.dataDir) : [];
  const app = createApp({ config, services, version: VERSION, log });
  const server = createServer(app);
  const http = trackResponses(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // Local runners report over loopback; Airflow's tasks use the URL its settings name.
  const loopback = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : host;
  services.verification.start(`http://${loopback}:${port}`);
  return {
    url: `http://${host}:${port}`,
    port,
    database,
    services,
    repair: report,
    demoUsers,
    async stop(options = {}) {
      let outcome: DrainOutcome = 'drained';
      if (options.graceMs === undefined) await http.closeNow();
      else outcome = await http.drain(options.graceMs);
      await services.verification.stop();
      stopSweep();
      await stopSharing();
      await services.analysisPool.close();
      await services.ruleEvaluator.close();
      await services.repo.close();
      await leases.close();
      await database.close();
      return outcome;
    }
  };
}

/**
 * Replicas on PostgreSQL: what a replica that died left half done is finished or undone by
 * the others every `intervalMs`, not only when that replica starts again (it may never).
 */
function sweepRepairs(
  services: Services,
  intervalMs: number,
  log: (msg: string) => void
): () => void {
  if (!services.leases.shared || intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    repair(services.stores, services.repo, services.promotions, {
      leases: services.leases,
      orphans: false
    })
      .then(report => {
        for (const what of report.completed) log(`nbpromote: repair: completed ${what}`);
        for (const what of report.rolledBack) log(`nbpromote: repair: rolled back ${what}`);
        if (report.postponed) log(`nbpromote: repair postponed: ${report.postponed}`);
      })
      .catch((error: unknown) => log(`nbpromote: repair failed: ${(error as Error).message}`))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** `on` / `off` (also true/false, 1/0); anything else, or unset, leaves the default. */
function onOff(value: string | undefined): boolean | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  return undefined;
}
