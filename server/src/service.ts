import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServiceConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/connect';
import { createApp } from './http/app';
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
  stop(): Promise<void>;
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
  const database = await openDatabase(config.databaseUrl);
  const services = createServices({ database, dataDir: config.dataDir, log });
  const stopSharing = await shareEvents(services, database, log);
  const report = await repair(services.stores, services.repo, services.promotions);
  for (const what of report.completed) log(`nbpromote: repair: completed ${what}`);
  for (const what of report.rolledBack) log(`nbpromote: repair: rolled back ${what}`);
  for (const ref of report.orphanBranches) log(`nbpromote: repair: ${ref} has no request`);
  // Rules version 1 (the defaults) on first start; versions a crash kept out of git go in now.
  await services.rules.current();
  await services.rules.syncGit().catch((error: unknown) => {
    log(`nbpromote: committing rules versions to git failed: ${(error as Error).message}`);
  });
  const demoUsers = options.demoUsers ? await ensureDemoUsers(services.stores, config.dataDir) : [];
  const app = createApp({ config, services, version: VERSION, log });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    database,
    services,
    repair: report,
    demoUsers,
    async stop() {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stopSharing();
      await services.analysisPool.close();
      await services.ruleEvaluator.close();
      await services.repo.close();
      await database.close();
    }
  };
}
