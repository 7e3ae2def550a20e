import { galata, test as base } from '@jupyterlab/galata';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The test service (started by playwright.config.js with demo users). */
export const SERVICE_URL = process.env.NBPROMOTE_TEST_SERVICE_URL ?? 'http://127.0.0.1:18765';
const DATA_DIR = process.env.NBPROMOTE_TEST_DATA_DIR ?? '';

export type DemoUser = 'ada' | 'linus' | 'grace' | 'margaret';

/** The demo users' API tokens, written by `nbpromote serve --demo-users`. */
export function demoToken(user: DemoUser): string {
  const file = path.join(DATA_DIR, 'demo-tokens.json');
  const tokens = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  if (!tokens[user]) {
    throw new Error(`No demo token for ${user} in ${file}`);
  }
  return tokens[user];
}

/** Authorization header for direct API checks. */
export function authHeaders(user: DemoUser = 'ada'): Record<string, string> {
  return { Authorization: `Bearer ${demoToken(user)}` };
}

/**
 * Galata's test, signed in to the test service as a demo user through the token setting (the
 * no-Hub way; the Jupyter server's nbpromote extension forwards it): `test.use({ user:
 * 'linus' })`, or `{ token }` for another token.
 */
export const test = base.extend<{ user: DemoUser; token: string }>({
  user: ['ada', { option: true }],
  /** An explicit token instead of the demo user's (e.g. a wrong one). */
  token: ['', { option: true }],
  mockSettings: async ({ user, token }, use) => {
    await use({
      ...galata.DEFAULT_SETTINGS,
      'nbpromote:plugin': { token: token || demoToken(user) }
    });
  }
});

export { expect } from '@jupyterlab/galata';
