import type { Command } from 'commander';
import { describeIdentity } from '../auth/identityConfig';
import { resolveConfig } from '../config';
import { startService } from '../service';
import { textTable } from './textTable';
import { shutdownGraceMs, untilSignalled } from './untilSignalled';

interface ServeOptions {
  host?: string;
  port?: string;
  dataDir?: string;
  databaseUrl?: string;
  allowOrigin?: string[];
  demoUsers?: boolean;
}

/**
 * `nbpromote serve`: run the companion service until SIGINT/SIGTERM, then stop gracefully
 * within NBPROMOTE_SHUTDOWN_GRACE_MS (25 s).
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the nbpromote service (embedded SQLite and git repository by default)')
    .option('--host <host>', 'interface to listen on (env NBPROMOTE_HOST)')
    .option('-p, --port <port>', 'port to listen on (env NBPROMOTE_PORT, default 8765)')
    .option('--data-dir <dir>', 'data folder (env NBPROMOTE_DATA_DIR, default ./.nbpromote)')
    .option('--database-url <url>', 'sqlite:<file> or postgres://... (env DATABASE_URL)')
    .option(
      '--allow-origin <origin...>',
      'browser origins allowed to call the API, e.g. http://localhost:8888 (env NBPROMOTE_ALLOWED_ORIGINS)'
    )
    .option(
      '--demo-users',
      'create demo users ada (data-scientist), linus and margaret (reviewers), grace (admin) and print their tokens'
    )
    .action(async (opts: ServeOptions) => {
      const config = resolveConfig({
        host: opts.host,
        port: opts.port,
        dataDir: opts.dataDir,
        databaseUrl: opts.databaseUrl,
        allowedOrigins: opts.allowOrigin
      });
      const service = await startService(config, console.error, { demoUsers: opts.demoUsers });
      const db = config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl : 'PostgreSQL';
      process.stdout.write(
        `nbpromote service listening on ${service.url}\n` +
          `  data dir: ${config.dataDir}\n  database: ${db}\n` +
          `  Node.js: ${process.version} (${process.execPath})\n` +
          `  allowed origins: ${config.allowedOrigins.join(', ') || '(none)'}\n` +
          `  identity: ${describeIdentity(config.identity)}\n`
      );
      if (service.demoUsers.length > 0) {
        process.stdout.write(
          '  demo users (tokens also in <data dir>/demo-tokens.json):\n' +
            textTable(
              [
                ['user', 'role', 'API token'],
                ...service.demoUsers.map(u => [u.name, u.role, u.token])
              ],
              '    '
            )
        );
      }
      process.exitCode = await untilSignalled(service, shutdownGraceMs(), console.error);
    });
}
