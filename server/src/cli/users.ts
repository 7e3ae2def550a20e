import type { Command } from 'commander';
import { resolveConfig } from '../config';
import { openDatabase } from '../db/connect';
import { Stores } from '../store';
import { addUser, createToken } from '../features';
import * as fs from 'node:fs';

interface DbOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** Opens the service's database (same flags and variables as `serve`) for one command. */
async function withStores<T>(opts: DbOptions, work: (stores: Stores) => Promise<T>): Promise<T> {
  const config = resolveConfig({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase(config.databaseUrl);
  try {
    return await work(new Stores(database.db, database.dialect));
  } finally {
    await database.close();
  }
}

function dbOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'data folder (env NBPROMOTE_DATA_DIR, default ./.nbpromote)')
    .option('--database-url <url>', 'sqlite:<file> or postgres://... (env DATABASE_URL)');
}

/** `nbpromote user add` and `nbpromote token create`. */
export function registerUsers(program: Command): void {
  const user = program.command('user').description('manage users');
  dbOptions(
    user
      .command('add <name>')
      .description('add a user')
      .requiredOption('--role <role>', 'data-scientist, reviewer, admin or pipeline-runner')
  ).action(async (name: string, opts: DbOptions & { role: string }) => {
    const created = await withStores(opts, stores => addUser(stores, name, opts.role));
    process.stdout.write(`added user ${created.name} (${created.role})\n`);
  });

  const token = program.command('token').description('manage API tokens');
  dbOptions(
    token.command('create <name>').description('create an API token for a user; it is printed once')
  ).action(async (name: string, opts: DbOptions) => {
    const value = await withStores(opts, stores => createToken(stores, name));
    process.stdout.write(`${value}\n`);
  });
}
