import * as http from 'node:http';
import * as net from 'node:net';
import express from 'express';
import request from 'supertest';
import { translateGitError } from '../../src/git/gitErrors';
import { errorHandler } from '../../src/http/errorHandler';
import { useTestApi } from '../support/api';

/** Failures that are not the caller's: how they are answered and what the log says of them. */
describe('the error handler', () => {
  const { api } = useTestApi('sqlite');

  it('logs a body the client stopped sending as one quiet line, not an internal error', async () => {
    const server = http.createServer(api.app);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const before = api.logged.length;
      const socket = new net.Socket();
      await new Promise<void>(resolve => socket.connect(port, '127.0.0.1', resolve));
      socket.write(
        'POST /api/v1/check HTTP/1.1\r\nHost: localhost\r\n' +
          `Authorization: Bearer ${api.tokens.ada}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"path": "a.ipynb"'
      );
      await new Promise(resolve => setTimeout(resolve, 200));
      socket.destroy();
      const deadline = Date.now() + 5000;
      while (api.logged.length === before && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      const lines = api.logged.slice(before);
      expect(lines).toEqual([
        expect.stringMatching(/^nbpromote: POST \/api\/v1\/check: the client went away/)
      ]);
      expect(lines.join('\n')).not.toMatch(/internal error|\n\s+at /);
    } finally {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('answers a git failure as a 5xx, logged, without git’s own words', async () => {
    const logged: string[] = [];
    const app = express();
    app.get('/files', () => {
      throw translateGitError(
        new Error('fatal: loose object 0123abcd (stored in /srv/data/artifacts.git) is corrupt'),
        { op: 'cat-file' }
      );
    });
    app.use(errorHandler(m => logged.push(m)));
    const res = await request(app).get('/files');
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'git_failed', details: { op: 'cat-file' } });
    expect(JSON.stringify(res.body)).not.toMatch(/corrupt|\/srv\/data/);
    expect(logged).toEqual([expect.stringMatching(/git_failed.*is corrupt/)]);
  });
});
