/** A real OpenID Connect provider (npm `oidc-provider`) in its own process, for the tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from './jupyterhub';

export interface OidcUser {
  /** Claims the user's access tokens carry beside iss, aud, exp, sub. */
  claims: Record<string, unknown>;
  /** Access token lifetime in seconds (default 600). */
  ttl?: number;
}

export interface OidcIssuer {
  issuer: string;
  /** A JWT access token of `user` for `resource` (`urn:nbpromote` names audience nbpromote). */
  token(user: string, resource?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startOidcIssuer(users: Record<string, OidcUser>): Promise<OidcIssuer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, 'oidcProvider.mjs'), String(port), JSON.stringify(users)],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('ready\n')) resolve();
    });
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', code => reject(new Error(`oidc-provider exited (${code}):\n${output}`)));
  });
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    async token(user, resource = 'urn:nbpromote') {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${user}:nbpromote-test-secret`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded'
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'api' })
      });
      const body = (await response.json()) as { access_token?: string };
      if (!response.ok || !body.access_token) {
        throw new Error(`token for ${user}: ${response.status} ${JSON.stringify(body)}`);
      }
      return body.access_token;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
}
