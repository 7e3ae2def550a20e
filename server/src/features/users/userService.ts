import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkRole, checkUserName, generateToken, hashToken } from '../../auth/tokens';
import type { Role } from '../../domain';
import { AuthenticationError } from '../../errors';
import type { Stores, User } from '../../store';
import { SingleFlight } from '../../runtime/singleFlight';

/** Adds a user (CLI `nbpromote user add`). */
export async function addUser(stores: Stores, name: string, role: string): Promise<User> {
  return stores.users.create(checkUserName(name), checkRole(role));
}

/** Creates an API token for `name`; the plaintext is returned once and never stored. */
export async function createToken(stores: Stores, name: string): Promise<string> {
  const user = await stores.users.get(checkUserName(name));
  const token = generateToken();
  await stores.users.addToken(user.id, hashToken(token));
  return token;
}

/** The user a bearer token belongs to; 401 otherwise. */
export async function authenticate(stores: Stores, token: string | undefined): Promise<User> {
  if (!token) throw new AuthenticationError();
  const user = await stores.users.byTokenHash(hashToken(token));
  if (!user) throw new AuthenticationError('The API token is not valid.');
  return user;
}

/**
 * `authenticate` with a short-lived memory of valid tokens, so reads do not pay a database
 * round trip each. A removed token or changed role takes effect within `ttlMs`. The memory is
 * keyed by the token as sent: a map lookup, where hashing it would cost more than the rest of
 * the check (the hash is taken only to ask the store).
 */
export class Authenticator {
  constructor(
    private readonly _stores: Stores,
    private readonly _ttlMs = 5_000,
    private readonly _max = 10_000
  ) {}

  /** The user of a token checked less than `ttlMs` ago, without waiting; else undefined. */
  known(token: string | undefined): User | undefined {
    const hit = token ? this._cache.get(token) : undefined;
    return hit && hit.until > Date.now() ? hit.user : undefined;
  }

  async user(token: string | undefined): Promise<User> {
    const hit = this.known(token);
    if (hit) return hit;
    if (!token) throw new AuthenticationError();
    const now = Date.now();
    const user = await this._checks.run(token, () => authenticate(this._stores, token));
    if (this._cache.size >= this._max) this._cache.clear();
    this._cache.set(token, { user, until: now + this._ttlMs });
    return user;
  }

  private readonly _cache = new Map<string, { user: User; until: number }>();
  private readonly _checks = new SingleFlight<User>();
}

export const DEMO_USERS: readonly { name: string; role: Role }[] = [
  { name: 'ada', role: 'data-scientist' },
  { name: 'linus', role: 'reviewer' },
  { name: 'grace', role: 'admin' },
  // A second reviewer, so a rule asking for two approvals can be met in a demo.
  { name: 'margaret', role: 'reviewer' }
];

/**
 * Creates the demo users when absent and gives each a token, kept in plaintext in
 * `<dataDir>/demo-tokens.json` (mode 0600) so later starts reuse them. Demo use only.
 */
export async function ensureDemoUsers(
  stores: Stores,
  dataDir: string
): Promise<{ name: string; role: Role; token: string }[]> {
  const file = path.join(dataDir, 'demo-tokens.json');
  let saved: Record<string, string> = {};
  if (fs.existsSync(file)) {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  }
  const result: { name: string; role: Role; token: string }[] = [];
  for (const demo of DEMO_USERS) {
    const user =
      (await stores.users.find(demo.name)) ?? (await addUser(stores, demo.name, demo.role));
    let token = saved[demo.name];
    if (!token || !(await stores.users.hasToken(user.id, hashToken(token)))) {
      token = generateToken();
      await stores.users.addToken(user.id, hashToken(token));
    }
    saved[demo.name] = token;
    result.push({ name: user.name, role: user.role, token });
  }
  fs.writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return result;
}
