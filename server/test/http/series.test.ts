import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { series } from '../../src/http/series';

/** An app whose one route runs `handlers` as a series; errors answer 500 with their message. */
function app(...handlers: RequestHandler[]) {
  const a = express();
  a.get('/x', series(...handlers));
  a.get('/x', (_req, res) => {
    res.send('next route');
  });
  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => {
    res.status(500).send(err.message);
  };
  a.use(onError);
  return a;
}

const mark =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.append('X-Order', name);
    next();
  };

describe('series of middlewares', () => {
  it('runs each in order and hands on to what follows when the last calls next', async () => {
    const res = await request(app(mark('a'), mark('b'))).get('/x');
    expect(res.text).toBe('next route');
    expect(res.headers['x-order']).toBe('a, b');
  });

  it('stops at the first that answers', async () => {
    const answer: RequestHandler = (_req, res) => {
      res.send('answered');
    };
    const res = await request(app(mark('a'), answer, mark('never'))).get('/x');
    expect(res.text).toBe('answered');
    expect(res.headers['x-order']).toBe('a');
  });

  it('ends with the error of a throw, a next(error) or a rejected promise', async () => {
    const thrown: RequestHandler = () => {
      throw new Error('thrown');
    };
    const passed: RequestHandler = (_req, _res, next) => next(new Error('passed'));
    const rejected: RequestHandler = async () => {
      await Promise.resolve();
      throw new Error('rejected');
    };
    for (const [handler, message] of [
      [thrown, 'thrown'],
      [passed, 'passed'],
      [rejected, 'rejected']
    ] as const) {
      const res = await request(app(mark('a'), handler, mark('never'))).get('/x');
      expect([res.status, res.text, res.headers['x-order']]).toEqual([500, message, 'a']);
    }
  });

  it("passes Express's next('route') on", async () => {
    const skip: RequestHandler = (_req, _res, next) => next('route');
    const res = await request(app(skip, mark('never'))).get('/x');
    expect(res.text).toBe('next route');
    expect(res.headers['x-order']).toBeUndefined();
  });
});
