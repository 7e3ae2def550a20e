import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { RESPONSES } from '../../src/features/events/contract';
import { useTestApi, type ApiClient } from '../support/api';
import { DATABASES } from '../support/databases';
import { notebook } from '../support/notebooks';

type Permissions = Record<string, { allowed: boolean; code?: string; reason?: string }>;

/** Collects `event: promotion` payloads of GET /events until stopped. */
function listen(url: string, token: string): Promise<{ events: unknown[]; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const events: unknown[] = [];
    const req = http.get(
      `${url}/api/v1/events`,
      { headers: { Authorization: `Bearer ${token}` } },
      res => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          let end: number;
          while ((end = raw.indexOf('\n\n')) >= 0) {
            const block = raw.slice(0, end);
            raw = raw.slice(end + 2);
            // Events carry their id first (`id: N`), for Last-Event-ID.
            const m = /^(?:id: \d+\n)?event: promotion\ndata: (.*)$/.exec(block);
            if (m) events.push(JSON.parse(m[1]));
          }
        });
        resolve({ events, stop: () => req.destroy() });
      }
    );
    req.on('error', reject);
  });
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

describe.each(DATABASES)('the review loop on %s', kind => {
  const { api, ada, linus, grace } = useTestApi(kind);

  const cells = (train: string) => [
    { id: 'load', source: 'data = [1, 2, 3]', tags: ['step:extract'] },
    { id: 'train', source: `model = sum(data)\n${train}\nprint(model)`, tags: ['step:train'] }
  ];

  async function submit(): Promise<number> {
    const res = await ada.post('/promotions', {
      path: 'work/loop.ipynb',
      notebook: notebook(cells('model = model * 2')),
      // Stage: its rules ask for review (dev, by default, does not).
      environment: 'stage'
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  }

  async function permissions(client: ApiClient, id: number): Promise<Permissions> {
    const res = await client.get(`/promotions/${id}`);
    expect(res.status).toBe(200);
    return res.body.permissions as Permissions;
  }

  it("gives each caller the service's own answer to what they may do", async () => {
    const id = await submit();
    const mine = await permissions(ada, id);
    expect(mine.approve).toEqual({
      allowed: false,
      code: 'forbidden',
      reason: 'Nobody may approve their own request.'
    });
    expect(mine.revise.allowed).toBe(true);
    expect(mine.withdraw.allowed).toBe(true);
    expect(mine.comment.allowed).toBe(true);
    expect(mine.promote).toMatchObject({ allowed: false, code: 'conflict' });
    expect(mine.promote.reason).toContain('while the request is open');

    const bobs = await permissions(api.as('bob'), id);
    expect(bobs.approve.reason).toBe('Only reviewers and admins may approve.');
    expect(bobs.revise.reason).toBe('Only the author may push a new revision.');
    expect(bobs.withdraw.allowed).toBe(false);

    const reviewer = await permissions(linus, id);
    for (const a of ['approve', 'request_changes', 'review_comment', 'comment', 'reject']) {
      expect(reviewer[a]).toEqual({ allowed: true });
    }
    expect(reviewer.promote.allowed).toBe(false);

    // The answer matches what the service then does.
    const refused = await ada.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(mine.approve.reason);
    const approved = await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
    expect(approved.status).toBe(201);
    // A write answers with the writer's own view.
    expect(approved.body.permissions.approve.allowed).toBe(true);
    expect(approved.body.lastReviewedRevision).toBe(1);
    expect((await permissions(ada, id)).promote).toEqual({ allowed: true });

    const promoted = await ada.post(`/promotions/${id}/promote`, {});
    expect(promoted.status).toBe(200);
    const after = promoted.body.permissions as Permissions;
    for (const a of Object.keys(after)) expect(after[a].allowed).toBe(false);
    expect(after.comment.reason).toContain('the request is promoted and can no longer change');
    expect((await permissions(grace, id)).resolve_comment.allowed).toBe(false);
  });

  it("keeps each caller's last reviewed revision", async () => {
    const id = await submit();
    expect((await linus.get(`/promotions/${id}`)).body.lastReviewedRevision).toBeNull();
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'request_changes', body: 'x' });
    await ada.post(`/promotions/${id}/revisions`, { notebook: notebook(cells('model += 1')) });
    await ada.post(`/promotions/${id}/revisions`, { notebook: notebook(cells('model += 2')) });
    expect((await linus.get(`/promotions/${id}`)).body.lastReviewedRevision).toBe(1);
    await linus.post(`/promotions/${id}/reviews`, { verdict: 'comment', body: 'closer' });
    expect((await linus.get(`/promotions/${id}`)).body.lastReviewedRevision).toBe(3);
    expect((await grace.get(`/promotions/${id}`)).body.lastReviewedRevision).toBeNull();
    expect((await ada.get(`/promotions/${id}`)).body.lastReviewedRevision).toBeNull();
  });

  it('threads cell and line comments, resolves and reopens, and marks them outdated', async () => {
    const id = await submit();
    const onCell = await linus.post(`/promotions/${id}/comments`, {
      revision: 1,
      cellId: 'load',
      body: 'Where does this come from?'
    });
    expect(onCell.status).toBe(201);
    expect(onCell.body.lineStart).toBeUndefined();
    const onLine = await linus.post(`/promotions/${id}/comments`, {
      revision: 1,
      cellId: 'train',
      lineStart: 2,
      lineEnd: 3,
      body: 'Why double it?'
    });
    expect(onLine.body).toMatchObject({ lineStart: 2, lineEnd: 3, outdated: false });
    const reply = await ada.post(`/promotions/${id}/comments`, {
      revision: 1,
      cellId: 'train',
      parentId: onLine.body.id,
      body: 'It was a test.'
    });
    // A reply to a reply joins the thread's root and its anchor.
    const nested = await linus.post(`/promotions/${id}/comments`, {
      revision: 1,
      cellId: 'load',
      parentId: reply.body.id,
      body: 'Then drop it.'
    });
    expect(nested.body).toMatchObject({
      parentId: onLine.body.id,
      cellId: 'train',
      lineStart: 2,
      lineEnd: 3
    });

    const resolved = await ada.patch(`/promotions/${id}/comments/${onLine.body.id}`, {
      resolved: true
    });
    expect(resolved.body.resolved).toBe(true);
    const reopened = await linus.patch(`/promotions/${id}/comments/${onLine.body.id}`, {
      resolved: false
    });
    expect(reopened.body.resolved).toBe(false);
    const onReply = await ada.patch(`/promotions/${id}/comments/${reply.body.id}`, {
      resolved: true
    });
    // Refused (the status is the service's to choose: bad input or a conflict), and said why.
    expect(onReply.status).toBeGreaterThanOrEqual(400);
    expect(onReply.body.error.message).toBe('Only a thread (its first comment) can be resolved.');

    // Revision 2 changes the train cell only; revision 3 changes nothing the threads are on.
    await ada.post(`/promotions/${id}/revisions`, { notebook: notebook(cells('model += 1')) });
    await ada.post(`/promotions/${id}/revisions`, {
      notebook: notebook([...cells('model += 1'), { id: 'extra', source: 'pass' }])
    });
    const list = (await linus.get(`/promotions/${id}/comments`)).body.items as {
      id: number;
      outdated: boolean;
      outdatedIn?: number;
      revision: number;
      lineStart?: number;
    }[];
    const byId = new Map(list.map(c => [c.id, c]));
    expect(byId.get(onCell.body.id)).toMatchObject({ outdated: false });
    expect(byId.get(onCell.body.id)!.outdatedIn).toBeUndefined();
    for (const c of [onLine, reply, nested]) {
      expect(byId.get(c.body.id)).toMatchObject({
        outdated: true,
        outdatedIn: 2,
        revision: 1,
        lineStart: 2
      });
    }
  });

  it('refuses anchors that are not in the revision, naming the field', async () => {
    const id = await submit();
    const post = (body: object) => linus.post(`/promotions/${id}/comments`, body);
    const missingCell = await post({ revision: 1, cellId: 'nope', body: 'x' });
    expect(missingCell.status).toBe(400);
    expect(missingCell.body.error.message).toBe('Cell nope is not in revision 1.');
    expect(missingCell.body.error.details.field).toBe('cellId');
    const pastEnd = await post({
      revision: 1,
      cellId: 'train',
      lineStart: 2,
      lineEnd: 4,
      body: 'x'
    });
    expect(pastEnd.status).toBe(400);
    expect(pastEnd.body.error.message).toContain('has 3 lines in revision 1');
    const endOnly = await post({ revision: 1, cellId: 'train', lineEnd: 2, body: 'x' });
    expect(endOnly.status).toBe(400);
    expect(endOnly.body.error.details.field).toBe('lineStart');
    expect((await linus.get(`/promotions/${id}/comments`)).body.items).toEqual([]);
  });

  it('streams reviews, comments, replies, resolves, reopens and revisions with what they touch', async () => {
    const id = await submit();
    const server = api.app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stream = await listen(url, api.tokens.ada);
    try {
      await linus.post(`/promotions/${id}/reviews`, { verdict: 'request_changes', body: 'x' });
      const root = await linus.post(`/promotions/${id}/comments`, {
        revision: 1,
        cellId: 'train',
        lineStart: 2,
        body: 'why?'
      });
      const reply = await ada.post(`/promotions/${id}/comments`, {
        revision: 1,
        cellId: 'train',
        parentId: root.body.id,
        body: 'because'
      });
      await ada.patch(`/promotions/${id}/comments/${root.body.id}`, { resolved: true });
      await linus.patch(`/promotions/${id}/comments/${root.body.id}`, { resolved: false });
      await ada.post(`/promotions/${id}/revisions`, { notebook: notebook(cells('model += 1')) });
      await linus.post(`/promotions/${id}/reviews`, { verdict: 'approve' });
      await until(() => stream.events.length >= 7);
      const validate = addFormats(new Ajv({ strict: false })).compile(RESPONSES.PromotionEvent);
      for (const e of stream.events) expect(validate(e)).toBe(true);
      const common = { requestId: id };
      expect(stream.events).toEqual([
        expect.objectContaining({
          ...common,
          action: 'request_changes',
          actor: 'linus',
          revision: 1,
          toState: 'changes_requested'
        }),
        expect.objectContaining({
          ...common,
          action: 'comment',
          commentId: root.body.id,
          cellId: 'train',
          revision: 1
        }),
        expect.objectContaining({
          ...common,
          action: 'comment',
          actor: 'ada',
          commentId: reply.body.id,
          parentId: root.body.id
        }),
        expect.objectContaining({
          ...common,
          action: 'resolve_comment',
          commentId: root.body.id,
          resolved: true
        }),
        expect.objectContaining({ ...common, action: 'resolve_comment', resolved: false }),
        expect.objectContaining({ ...common, action: 'revise', revision: 2, toState: 'open' }),
        expect.objectContaining({ ...common, action: 'approve', revision: 2 })
      ]);
      expect(stream.events[1]).not.toHaveProperty('parentId');
    } finally {
      stream.stop();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
