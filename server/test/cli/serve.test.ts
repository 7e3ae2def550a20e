/**
 * `nbpromote serve` says at start which Node.js runs it (for whoever reads the service's log),
 * and nothing unauthenticated callers can reach says it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildService, startServiceProcess, type ServiceProcess } from '../crash/serviceProcess';

describe('nbpromote serve', () => {
  let dataDir: string;
  let service: ServiceProcess | undefined;

  beforeAll(() => buildService());
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbpromote-serve-'));
  });
  afterEach(async () => {
    await service?.stop();
    service = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs its Node.js version at start, and does not tell anonymous callers', async () => {
    service = await startServiceProcess(dataDir, `sqlite:${path.join(dataDir, 'db.sqlite')}`);
    expect(service.output()).toContain(`Node.js: ${process.version} (${process.execPath})`);
    expect(service.output()).toContain('identity: nbpromote API tokens\n');
    const health = await fetch(`${service.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const text = await health.text();
    expect(text).not.toContain(process.version);
    expect(text).not.toContain(process.versions.node);
    const me = await fetch(`${service.url}/api/v1/me`);
    expect(me.status).toBe(401);
    expect(await me.text()).not.toContain(process.versions.node);
  });
});
