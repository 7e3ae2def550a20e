import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServiceConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/connect';
import { createApp } from './http/app';
import { PromotionStore } from './store/promotionStore';
import { VERSION } from './version';

export interface RunningService {
  url: string;
  port: number;
  database: DatabaseHandle;
  stop(): Promise<void>;
}

/** Open the data dir and database, then listen. Resolves once the port is bound. */
export async function startService(
  config: ServiceConfig,
  log: (msg: string) => void = console.error
): Promise<RunningService> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase(config.databaseUrl);
  const app = createApp({
    config,
    promotions: new PromotionStore(database.db),
    version: VERSION,
    log
  });
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
    async stop() {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await database.close();
    }
  };
}
