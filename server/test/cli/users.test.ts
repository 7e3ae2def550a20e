import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { openDatabase } from '../../src/db/connect';
import { authenticate, ensureDemoUsers } from '../../src/features';
import { Stores } from '../../src/store';
import { createTestDatabase, DATABASES, type TestDatabaseHandle } from '../support/databases';

/** Runs the CLI in-process and captures what it prints. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    out += String(chunk);
    return true;
  });
  const e = jest.spyOn(process.stderr, 'write').mockImplementation(chunk => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await main(['node', 'nbpromote', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

describe.each(DATABASES)('user and token commands on %s', kind => {
  let handle: TestDatabaseHandle;
  beforeEach(async () => {
    handle = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await handle.cleanup();
  });

  const db = () => ['--data-dir', handle.dataDir, '--database-url', handle.url];

  it('adds users and prints a token once; the token authenticates, stored only hashed', async () => {
    expect(await run('user', 'add', 'ada', '--role', 'data-scientist', ...db())).toMatchObject({
      code: 0,
      out: 'added user ada (data-scientist)\n'
    });
    const dup = await run('user', 'add', 'ada', '--role', 'reviewer', ...db());
    expect(dup.code).toBe(2);
    expect(dup.err).toMatch(/already exists/);
    const role = await run('user', 'add', 'bob', '--role', 'boss', ...db());
    expect(role.code).toBe(2);
    expect(role.err).toMatch(/Unknown role "boss"/);
    const name = await run('user', 'add', '--upload-pack=x', '--role', 'admin', ...db());
    expect(name.code).toBe(2);

    const created = await run('token', 'create', 'ada', ...db());
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^nbp_[A-Za-z0-9_-]{43}$/);
    expect((await run('token', 'create', 'nobody', ...db())).err).toMatch(/No user named nobody/);

    const database = await openDatabase(handle.url);
    try {
      const stores = new Stores(database.db, database.dialect);
      expect(await authenticate(stores, token)).toMatchObject({
        name: 'ada',
        role: 'data-scientist'
      });
      const rows = await database.db.selectFrom('api_tokens').select('token_hash').execute();
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(rows)).not.toContain(token);
    } finally {
      await database.close();
    }
  });

  it('creates demo users once and reuses their tokens on later starts', async () => {
    const database = await openDatabase(handle.url);
    try {
      const stores = new Stores(database.db, database.dialect);
      const first = await ensureDemoUsers(stores, handle.dataDir);
      expect(first.map(u => `${u.name}:${u.role}`)).toEqual([
        'ada:data-scientist',
        'linus:reviewer',
        'grace:admin',
        'margaret:reviewer'
      ]);
      const file = path.join(handle.dataDir, 'demo-tokens.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const second = await ensureDemoUsers(stores, handle.dataDir);
      expect(second).toEqual(first);
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(
        Object.fromEntries(first.map(u => [u.name, u.token]))
      );
      expect(await authenticate(stores, first[2].token)).toMatchObject({ role: 'admin' });
    } finally {
      await database.close();
    }
  });
});
