/**
 * A deployment names the artifact repository's remote in NBPROMOTE_GIT_REMOTE_URL (from a
 * Secret): the service takes it at start, over an admin's setting, and refuses a bad one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  buildService,
  demoTokens,
  startServiceProcess,
  type ServiceProcess
} from '../crash/serviceProcess';

describe('NBPROMOTE_GIT_REMOTE_URL', () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;

  beforeAll(() => buildService());
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-remote-'));
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const start = (remote: string) =>
    startServiceProcess(dataDir, `sqlite:${path.join(dataDir, 'db.sqlite')}`, {
      NBPROMOTE_GIT_REMOTE_URL: remote
    });
  const settings = async (s: ServiceProcess) => {
    const res = await fetch(`${s.url}/api/v1/settings`, {
      headers: { Authorization: `Bearer ${demoTokens(dataDir).grace}` }
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { remoteUrl: string | null };
  };

  it('is the remote after every start, whatever an admin set meanwhile', async () => {
    // Real repositories: an admin's new remote must answer before it is saved.
    const artifacts = `file://${path.join(dataDir, 'artifacts.git')}`;
    const other = `file://${path.join(dataDir, 'other.git')}`;
    for (const name of ['artifacts.git', 'other.git']) {
      execFileSync('git', ['init', '--bare', '--quiet', path.join(dataDir, name)]);
    }
    service = await start(artifacts);
    expect((await settings(service)).remoteUrl).toBe(artifacts);
    const put = await fetch(`${service.url}/api/v1/settings`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${demoTokens(dataDir).grace}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({ remoteUrl: other })
    });
    expect(put.status).toBe(200);
    expect((await settings(service)).remoteUrl).toBe(other);
    expect(await service.stop()).toBe('0');

    service = await start(artifacts);
    expect((await settings(service)).remoteUrl).toBe(artifacts);
  });

  it('stops the start when it is not a URL git may be given', async () => {
    await expect(start('ext::sh -c touch% /tmp/pwned')).rejects.toThrow(
      /exited \(2\) before listening:[\s\S]*Invalid remote URL/
    );
    service = undefined;
  });
});
